"""What a browser display reads with its token: the board as HTML with the Qt display's
words, the calls spoken as WAV by the server (offline engines), and the version it
reloads on."""

from __future__ import annotations

import re

import requests

from device_drivers.audio import duration_s
from queue_core.contract import CallNextIn, IssueIn
from queue_server.screen.assets import version
from testkit.keys import key
from testkit.servers import TestServer, ThreadServer


def issue_and_call(srv: TestServer, counter: str = "01") -> int:
    srv.api("kiosk").issue(IssueIn(service_id="ho-tich", idempotency_key=key()))
    called = srv.api("counter").call_next(counter, CallNextIn(idempotency_key=key()))
    assert called is not None
    return srv.api("display").queue().last_seq


def test_board_shows_what_the_snapshot_says(server: TestServer) -> None:
    for _ in range(3):
        server.api("kiosk").issue(IssueIn(service_id="ho-tich", idempotency_key=key()))
    seq = issue_and_call(server)
    snap = server.api("display").queue()
    html = server.get("/api/v1/screen/board", "display").text
    serving = snap.counter("01")
    assert serving is not None and serving.current is not None
    assert f'id="serving-01">{serving.current.number}<' in html
    assert f'data-last-seq="{snap.last_seq}"' in html
    assert f'data-seq="{seq}"' in html
    assert f"MỜI CÔNG DÂN SỐ {serving.current.number} ĐẾN QUẦY 01" in html
    assert f"{serving.current.number}  →  Quầy 01" in html
    waiting = {w.service_name: w.count for w in snap.waiting}
    assert f"<span>Hộ tịch</span><b>{waiting['Hộ tịch']}</b>" in html
    assert html.count('<li class="call') == 4  # VỪA GỌI keeps its four lines


def test_a_zone_shows_only_its_counters(server: TestServer) -> None:
    issue_and_call(server)
    html = server.get("/api/v1/screen/board?zone=02,03", "display").text
    assert re.findall(r'id="card-([0-9]+)"', html) == ["02", "03"]
    assert "data-seq=" not in html  # the call went to 01, outside this zone
    bad = server.get("/api/v1/screen/board?zone=01;drop", "display")
    assert bad.status_code == 422 and "zone" in bad.text


def test_frame_has_the_centre_and_no_token(server: TestServer) -> None:
    html = server.get("/api/v1/screen/frame", "display").text
    cfg = server.api("display").centre().centre
    assert cfg.unit in html and f"Đường dây nóng: {cfg.hotline}" in html
    page = server.get("/screen/tv-1")
    assert page.status_code == 200
    assert server.tokens["display"] not in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert server.get("/screen/tv%201").status_code == 404
    assert "Tên màn hình" in server.get("/screen/a$b").text


def test_calls_are_spoken_by_the_server(thread_server: ThreadServer) -> None:
    srv = thread_server
    seq = issue_and_call(srv)
    headers = srv.headers("display")
    full = requests.get(f"{srv.base}/api/v1/screen/calls/{seq}.wav", headers=headers, timeout=30)
    busy = requests.get(
        f"{srv.base}/api/v1/screen/calls/{seq}.wav?busy=true", headers=headers, timeout=30
    )
    assert full.headers["content-type"] == "audio/wav" and full.content[:4] == b"RIFF"
    # chime + the call twice, and in a busy minute the call once without the chime
    assert 4.0 < duration_s(full.content) < 20.0
    assert 1.5 < duration_s(busy.content) < duration_s(full.content) * 0.7
    backlog = requests.get(f"{srv.base}/api/v1/screen/backlog.wav", headers=headers, timeout=30)
    assert duration_s(backlog.content) > 1.0
    gone = requests.get(f"{srv.base}/api/v1/screen/calls/{seq + 999}.wav", headers=headers)
    assert gone.status_code == 404 and "Lượt gọi" in gone.json()["error"]["message"]
    assert requests.get(f"{srv.base}/api/v1/screen/calls/{seq}.wav").status_code == 401


def test_version_and_a_screens_heartbeat(server: TestServer) -> None:
    assert server.get("/healthz").json()["version"] == version()
    view = server.api("display").report_health("ready", device="screen", detail="web tv-1")
    assert view.device == "screen" and view.kind == "display"
