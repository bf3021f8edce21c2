"""The browser display in Debian's Chromium, as a TV's browser runs it: the board at
1920×1080 and 1280×720, each call shown and said once through a network cut, a browser
that refuses sound until a touch, the heartbeat, the reload after an upgrade, a revoked
token."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright

from queue_core.contract import CallNextIn, IssueIn
from testkit.browser import launch, playwright
from testkit.keys import key
from testkit.proxy import CuttableProxy
from testkit.servers import ThreadServer


@pytest.fixture(scope="module")
def pw() -> Iterator[Playwright]:
    with playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(pw: Playwright) -> Iterator[Browser]:
    b = launch(pw)
    yield b
    b.close()


@pytest.fixture
def tv_server(tmp_path: Path) -> Iterator[ThreadServer]:
    srv = ThreadServer(f"sqlite:///{tmp_path / 'tv.db'}", tmp_path)
    srv.overrides = {"screen_heartbeat_s": 1.0, "screen_playback_rate": 4.0}
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def call_one(srv: ThreadServer, counter: str = "01", service: str = "ho-tich") -> tuple[int, str]:
    """Issue a ticket and call it: (the call's event sequence, the number)."""
    srv.api("kiosk").issue(IssueIn(service_id=service, idempotency_key=key()))
    called = srv.api("counter").call_next(counter, CallNextIn(idempotency_key=key()))
    assert called is not None
    snap = srv.api("display").queue()
    return snap.recent_calls[0].seq, called.number


def open_tv(browser: Browser, base: str, token: str, size: tuple[int, int]) -> Page:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(f"{base}/screen/tv-1#{token}")
    page.wait_for_selector(".board")
    return page


def report(page: Page) -> dict[str, Any]:
    return dict(page.evaluate("window.xephangScreen"))


def played_seqs(page: Page) -> list[int]:
    return [p["seq"] for p in report(page)["played"]]


def wait_played(page: Page, count: int, timeout_s: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        seqs = played_seqs(page)
        if len(seqs) >= count:
            return seqs
        time.sleep(0.2)
    raise AssertionError(f"played {played_seqs(page)}, report {report(page)}")


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_tv_shows_and_says_each_call(
    browser: Browser, tv_server: ThreadServer, size: tuple[int, int]
) -> None:
    srv = tv_server
    page = open_tv(browser, srv.base, srv.tokens["display"], size)
    first, number = call_one(srv)
    page.wait_for_selector(".banner.called")
    assert page.inner_text("#banner") == f"MỜI CÔNG DÂN SỐ {number} ĐẾN QUẦY 01"
    assert page.get_attribute("#card-01", "class") == "card lit"
    second, other = call_one(srv, "02", "chung-thuc")
    assert wait_played(page, 2) == [first, second]
    page.wait_for_function(
        f"document.querySelector('#serving-02') && "
        f"document.querySelector('#serving-02').textContent === '{other}'"
    )
    snap = srv.api("display").queue()
    for c in snap.counters:  # the board holds what the API says, counter by counter
        shown = page.inner_text(f"#card-{c.id} .serving")
        expected = c.current.number if c.current else ("Tạm dừng" if c.paused else "")
        assert shown.strip() == expected, c.id
    assert page.inner_text(".calls li.newest").startswith(f"{other}  →  Quầy 02")
    # Everything fits the screen: nothing scrolls, no number is cut.
    fits = page.evaluate(
        """() => {
          const d = document.documentElement;
          const cut = [...document.querySelectorAll('.card .serving, .card .label, #banner')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);
          return {over: d.scrollHeight - innerHeight, cut};
        }"""
    )
    assert fits == {"over": 0, "cut": []}
    big = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.label')).fontSize)")
    assert big >= 120 * size[1] / 1080 - 1  # UI.md: ≥ 120 px at 1080 rows
    assert page.is_hidden("#reconnecting") and report(page)["errors"] == []
    page.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_a_network_cut_misses_no_call_and_says_none_twice(
    browser: Browser, tv_server: ThreadServer, size: tuple[int, int]
) -> None:
    srv = tv_server
    proxy = CuttableProxy(srv.port)
    page = open_tv(browser, proxy.base, srv.tokens["display"], size)
    before, _ = call_one(srv)
    wait_played(page, 1)
    proxy.cut()
    page.wait_for_selector("#reconnecting", state="visible", timeout=20_000)
    during = [call_one(srv, c, "chung-thuc")[0] for c in ("02", "03")]
    time.sleep(1.0)
    proxy.restore()
    seqs = wait_played(page, 3)
    page.wait_for_selector("#reconnecting", state="hidden", timeout=20_000)
    time.sleep(1.5)  # a second replay or board refresh must not say them again
    assert played_seqs(page) == [before, *during] == sorted(set(seqs))
    assert report(page)["streams"] >= 2
    wav_sizes = [p["bytes"] for p in report(page)["played"]]
    assert all(size > 44 for size in wav_sizes)  # real WAVs came through the proxy
    page.close()


def test_a_browser_that_wants_a_touch_shows_the_calls_and_asks_for_sound(
    pw: Playwright, tv_server: ThreadServer
) -> None:
    srv = tv_server
    strict = launch(pw, autoplay=False)
    try:
        page = strict.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{srv.base}/screen/tv-1#{srv.tokens['display']}")
        time.sleep(2.5)  # no waiting on selectors: Playwright's polling counts as a touch
        _, number = call_one(srv)
        time.sleep(4)  # then look once
        seen = page.evaluate(
            "[document.getElementById('sound').hidden, "
            "document.getElementById('banner').textContent, window.xephangScreen.played]"
        )
        assert seen[0] is False  # "Bật âm thanh" is offered
        assert number in seen[1] and seen[2] == []  # the call is shown although not said
        page.click("#sound")  # a person touches it once: the TV speaks from then on
        second, _ = call_one(srv, "02")
        assert wait_played(page, 1) == [second]
        assert page.is_hidden("#sound")
    finally:
        strict.close()


def test_heartbeat_and_reload_after_an_upgrade(
    browser: Browser, tv_server: ThreadServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    srv = tv_server
    stream = srv.events("/api/v1/events?after=0")
    page = open_tv(browser, srv.base, srv.tokens["display"], (1280, 720))
    health = None
    for line in stream.lines():
        if line.startswith("data:") and '"device": "screen"' in line.replace('":"', '": "'):
            health = json.loads(line[5:])
            break
    stream.close()
    assert health is not None and health["kind"] == "display"
    assert health["detail"].startswith("web tv-1 · ") and "đang nhận sự kiện" in health["detail"]
    monkeypatch.setattr("queue_server.ops.router.version", lambda: "0.2.0+new")
    with page.expect_navigation(timeout=15_000):
        pass  # the next heartbeat sees the new version and reloads
    page.close()


def test_a_revoked_or_missing_token_says_so(browser: Browser, tv_server: ThreadServer) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{tv_server.base}/screen/tv-1#not-a-token")
    page.wait_for_selector("#problem", state="visible")
    assert "thu hồi" in page.inner_text("#problem") and "revoked" in page.inner_text("#problem")
    page.goto(f"{tv_server.base}/screen/tv-2")
    page.wait_for_selector("#problem", state="visible")
    assert "thiếu mã thiết bị" in page.inner_text("#problem")
    page.close()


def test_a_new_tv_pairs_by_the_code_it_shows(browser: Browser, tv_server: ThreadServer) -> None:
    """The friendlier way onto a TV: it opens /screen/pair, shows a code, an admin enters
    it (here through the API the console will use), and the TV becomes that display."""
    srv = tv_server
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{srv.base}/screen/pair")
    page.wait_for_function(
        "/^[0-9]{3} [0-9]{3}$/.test(document.getElementById('code').textContent)"
    )
    code = page.inner_text("#code").replace(" ", "")
    assert "Đang chờ cán bộ nhập mã" in page.inner_text("#state")
    with page.expect_navigation(timeout=20_000):
        accepted = srv.post(f"/api/v1/screen/pairings/{code}/accept", "admin", {"label": "tv-8"})
        assert accepted.status_code == 200
    page.wait_for_selector(".board")
    assert page.url.startswith(f"{srv.base}/screen/tv-8#xhd_")
    _, number = call_one(srv)
    page.wait_for_selector(".banner.called", timeout=20_000)
    assert number in page.inner_text("#banner") and page.is_hidden("#problem")
    page.close()
