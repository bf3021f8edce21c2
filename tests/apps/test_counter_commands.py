"""What the field trial asked of the counter: no command closes a citizen's ticket by
surprise, every command says what it did, the timers and states tell the truth.
Against the real server (in-process); the window offscreen."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from counter_client.app import start_counter
from counter_client.presenter import CounterPresenter
from counter_client.session import CounterSession
from queue_client.api import ApiClient
from queue_client.device_config import CounterConfig, CounterSection, ServerLink
from testkit.keys import key
from testkit.servers import CENTRE, InProcessServer


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def srv(tmp_path: Path) -> Iterator[InProcessServer]:
    s = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    yield s
    s.stop()


def issue(srv: InProcessServer, service: str = "ho-tich") -> str:
    r = srv.post("/api/v1/tickets", "kiosk", {"service_id": service, "idempotency_key": key()})
    assert r.status_code == 201
    number: str = r.json()["number"]
    return number


def status_of(srv: InProcessServer, number: str) -> str:
    found: str = srv.get(f"/api/v1/tickets?number={number}", "counter").json()[0]["status"]
    return found


def presenter(srv: InProcessServer, clock: Clock) -> CounterPresenter:
    api = srv.api("counter")
    p = CounterPresenter(CENTRE, CounterSession(api, "01"), clock=clock)
    p.load(api.queue())
    return p


def test_f1_on_a_called_citizen_asks_first_and_says_what_it_did(srv: InProcessServer) -> None:
    clock = Clock()
    p = presenter(srv, clock)
    first, second, third = issue(srv), issue(srv), issue(srv)
    p.do("call-next")
    assert p.state.message == f"Đã gọi {first}" and p.state.message_kind == "ok"
    p.do("call-next")  # the citizen has not come yet: only a question
    assert p.state.message == f"{first} chưa đến? Nhấn F1 lần nữa để ghi vắng mặt và gọi tiếp"
    assert p.state.message_kind == "ask" and status_of(srv, first) == "called"
    clock.now += 6  # the question lapses; a later press asks again
    p.tick()
    assert p.state.asking is None and p.state.message == ""
    p.do("call-next")
    assert p.state.message_kind == "ask"
    p.do("call-next")  # pressed again at once: done, and said
    assert p.state.message == f"Đã ghi vắng mặt {first} · Đã gọi {second}"
    assert status_of(srv, first) == "no_show" and p.state.current is not None
    p.do("start")
    assert p.state.message == f"Bắt đầu phục vụ {second}"
    assert p.why_not("recall") == f"Đang phục vụ {second}: không cần gọi lại"
    p.do("call-next")
    assert p.state.message == (f"Đang phục vụ {second}. Nhấn F1 lần nữa để hoàn thành và gọi tiếp")
    p.do("recall")  # another key in between: the question is gone, nothing was sent
    assert p.state.asking is None and status_of(srv, second) == "serving"
    p.do("call-next")
    p.do("call-next")
    assert p.state.message == f"Đã hoàn thành {second} · Đã gọi {third}"
    assert status_of(srv, second) == "done"


def test_no_show_offers_the_call_back_and_transfer_names_where(srv: InProcessServer) -> None:
    p = presenter(srv, Clock())
    first, second = issue(srv), issue(srv)
    p.do("call-next")
    p.do("no-show")
    assert p.state.message == f"Đã ghi vắng mặt {first} — F8 để gọi lại"
    assert p.state.number_hint == first
    p.do("call-number", number=first)
    assert p.state.message == f"Đã gọi lại {first}"
    assert p.state.current is not None and p.state.current.number == first
    targets = p.transfer_targets()
    assert list(targets) == ["Chuyển sang lĩnh vực", "Chuyển sang quầy"]
    services = [name for _, name in targets["Chuyển sang lĩnh vực"]]
    assert "Hộ tịch" not in services and "Đất đai" in services  # not the ticket's own
    assert all(t != "counter:01" for t, _ in targets["Chuyển sang quầy"])
    p.open_transfer()
    p.cancel_transfer()
    assert not p.state.transfer_open and p.state.message == "Đã huỷ chuyển"
    p.do("transfer", target="service:dat-dai")
    assert p.state.message == f"Đã chuyển {first} sang Đất đai"
    assert status_of(srv, first) == "waiting" and status_of(srv, second) == "waiting"
    p.do("pause")
    assert p.state.message == "Quầy đã tạm dừng — F7 để tiếp tục nhận công dân"
    assert p.why_not("call-next") == "Quầy đang tạm dừng: bấm Tiếp tục [F7] trước"


def test_the_serving_timer_starts_at_start(srv: InProcessServer) -> None:
    clock = Clock()
    p = presenter(srv, clock)
    issue(srv)
    p.do("call-next")
    clock.now += 40
    assert p.serving_s() == 0 and p.called_s() >= 39
    p.do("start")
    clock.now = time.time() + 25  # the server stamped the start with the real time
    assert p.called_s() == 0 and 24 <= p.serving_s() <= 27


def test_the_window_shows_the_officer_the_pause_and_the_question(
    qtbot: Any, srv: InProcessServer
) -> None:
    api = ApiClient(srv.transport, "", timeout_s=2)
    view = api.login(srv.staff_username, "mat-khau-123", counter_id="01")
    assert view.name == "Trần Thị Bình"  # the display name, not the username
    cfg = CounterConfig(server=ServerLink(), counter=CounterSection(counter_id="01"))
    c = start_counter(cfg, api, "01", view.name)
    w = c.window
    qtbot.addWidget(w)
    w.resize(1280, 860)
    with qtbot.waitActive(w):  # function keys go to the active window
        w.show()
        w.activateWindow()

    def text(name: str) -> str:
        lab = w.findChild(QLabel, name)
        return lab.text() if lab is not None else ""

    def press(key: Qt.Key) -> None:
        qtbot.keyClick(w, key)
        qtbot.waitUntil(lambda: not c.presenter.state.busy, timeout=5000)

    try:
        assert text("officer") == "Cán bộ: Trần Thị Bình"
        first = issue(srv)
        press(Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: text("current-number") == first, timeout=3000)
        assert "(chưa bắt đầu)" in text("timers")
        recall = w.findChild(QPushButton, "action:recall")
        assert recall is not None and "Gọi lại" in recall.toolTip()
        press(Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: "chưa đến?" in text("status"), timeout=3000)
        press(Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: "Đang phục vụ" in text("timers"), timeout=3000)
        recall = w.findChild(QPushButton, "action:recall")
        assert recall is not None and not recall.isEnabled()
        assert recall.toolTip() == f"Đang phục vụ {first}: không cần gọi lại"
        press(Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: w.findChild(QLabel, "heading:Chuyển sang quầy") is not None)
        assert w.findChild(QPushButton, "target:service:ho-tich") is None
        qtbot.wait(100)  # new widgets are shown by a queued call
        w.grab().save(str(Path("docs") / "counter-transfer.png"))
        assert w.height() == 860  # the list fits where the commands were
        press(Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: w.findChild(QPushButton, "transfer-cancel") is None)
        press(Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: "Đã hoàn thành" in text("status"), timeout=3000)
        press(Qt.Key.Key_F7)
        qtbot.waitUntil(lambda: "ĐANG TẠM DỪNG" in text("paused"), timeout=3000)
        qtbot.wait(100)
        w.grab().save(str(Path("docs") / "counter-paused.png"))
    finally:
        c.close()
