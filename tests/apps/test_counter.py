"""The counter client: its logic against the real server (in-process), and the real
window offscreen, logged in as an officer, with the simulated keypad and LED sign,
through a network cut; the headless keypad mode as a process over serial ptys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from counter_client.app import start_counter
from counter_client.presenter import CounterPresenter
from counter_client.session import CounterSession
from device_drivers.counter_devices import SimKeypad, SimSign
from queue_client.api import ApiClient
from queue_client.device_config import CounterConfig, CounterSection, ServerLink
from testkit.keys import key
from testkit.servers import CENTRE, InProcessServer, TestServer, ThreadServer


def issue(srv: TestServer, service: str = "ho-tich", **extra: Any) -> dict[str, Any]:
    r = srv.post(
        "/api/v1/tickets", "kiosk", {"service_id": service, "idempotency_key": key(), **extra}
    )
    assert r.status_code == 201
    got: dict[str, Any] = r.json()
    return got


@pytest.fixture
def srv(tmp_path: Path) -> Any:
    s = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    yield s
    s.stop()


def presenter_for(srv: InProcessServer, counter: str = "01") -> CounterPresenter:
    api = srv.api("counter")
    p = CounterPresenter(CENTRE, CounterSession(api, counter))
    p.load(api.queue())
    return p


def test_presenter_flow_and_disabled_reasons(srv: InProcessServer) -> None:
    p = presenter_for(srv)
    assert not p.enabled("finish") and "Chưa có" in p.why_not("finish")
    issue(srv, citizen={"name": "Lê Thị Hoa", "id_number": "001190012345"})
    p.do("call-next")
    cur = p.state.current
    assert (
        cur is not None
        and cur.number == "1001"
        and cur.citizen is not None
        and cur.citizen.id_masked == "0011******45"
    )
    assert p.enabled("recall") and p.enabled("start") and p.enabled("no-show")
    p.do("start")
    assert p.state.current is not None and p.state.current.status == "serving"
    assert not p.enabled("recall")
    p.do("finish")
    assert p.state.current is None
    p.do("call-next")
    assert p.state.message == "Không còn công dân chờ ở quầy này"
    p.do("pause")
    assert p.state.paused and not p.enabled("call-next") and p.label("pause") == "Tiếp tục [F7]"
    p.do("pause")
    assert not p.state.paused


def test_no_show_then_called_back_by_number_and_transfer(srv: InProcessServer) -> None:
    p = presenter_for(srv)
    issue(srv)
    issue(srv)
    p.do("call-next")
    p.do("no-show")
    assert p.state.current is None
    p.do("call-number", number="1001")  # the citizen came back: recalled within the window
    assert p.state.current is not None and p.state.current.number == "1001"
    assert p.state.current.status == "called"
    p.do("transfer", target="counter:04")
    assert p.state.current is None
    moved = srv.get("/api/v1/tickets?number=1001", "counter").json()[0]
    assert moved["target_counter_id"] == "04" and moved["status"] == "waiting"
    p.do("call-number", number="9999")
    assert "9999" in p.state.message


def test_counter_window(qtbot: Any, srv: InProcessServer, tmp_path: Path) -> None:
    cfg = CounterConfig(server=ServerLink(), counter=CounterSection(counter_id="01"))
    api = ApiClient(srv.transport, "", timeout_s=2)
    api.login(srv.staff_username, "mat-khau-123")
    c = start_counter(cfg, api, "01", "Trần Thị Bình")
    keypad = SimKeypad({"1": "call-next"})
    w = c.window
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    sign = SimSign()
    c.presenter.show_on_sign = sign.show

    def button(name: str) -> QPushButton | None:
        return w.findChild(QPushButton, name)  # redrawn after each change: look it up anew

    def click(name: str) -> None:
        qtbot.waitUntil(lambda: (b := button(name)) is not None and b.isEnabled(), timeout=3000)
        b = button(name)
        assert b is not None
        qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not c.presenter.state.busy, timeout=5000)  # sent on a worker

    def text(name: str) -> str:
        lab = w.findChild(QLabel, name)
        return lab.text() if lab is not None else ""

    try:
        for _ in range(3):
            issue(srv)
        qtbot.waitUntil(lambda: "Hộ tịch: 3 người" in text("waiting:Hộ tịch"), timeout=5000)
        click("action:call-next")
        qtbot.waitUntil(lambda: text("current-number") == "1001", timeout=3000)
        assert sign.shown[-1] == "1001"
        b = w.findChild(QPushButton, "action:finish")
        assert b is not None and b.text() == "Hoàn thành [F5]"
        click("action:recall")
        qtbot.keyClick(w, Qt.Key.Key_F3)  # no-show by its function key
        qtbot.waitUntil(lambda: text("current-number") == "—", timeout=3000)
        keypad.press("1")  # the keypad works the same command
        c.bridge.key.emit(keypad.read(0.1) or "")
        qtbot.waitUntil(lambda: text("current-number") == "1002", timeout=3000)
        click("action:transfer")
        click("target:service:chung-thuc")
        qtbot.waitUntil(lambda: text("current-number") == "—", timeout=3000)
        click("action:call-next")
        click("action:start")
        click("action:finish")
        assert srv.get("/api/v1/reports/summary", "manager").json()["totals"]["served"] == 1
        click("action:pause")
        qtbot.waitUntil(
            lambda: (b := button("action:call-next")) is not None and not b.isEnabled(),
            timeout=3000,
        )
        paused = button("action:call-next")
        assert paused is not None and "tạm dừng" in paused.toolTip()
        click("action:pause")
        # A network cut: shown at once, commands fail cleanly, the window catches up after.
        srv.link.cut()
        qtbot.waitUntil(lambda: "Mất kết nối" in text("status"), timeout=15000)
        issue(srv)  # happens while the counter is cut off
        srv.link.restore()
        qtbot.waitUntil(lambda: "Mất kết nối" not in text("status"), timeout=15000)
        # 1002 was transferred to Chứng thực, which this counter also serves, and kept its
        # place: it was the one served. 1003 still waits; 1004 came during the cut.
        qtbot.waitUntil(
            lambda: "2 người · tiếp theo 1003, 1004" in text("waiting:Hộ tịch"), timeout=5000
        )
        box = w.findChild(QLineEdit, "number")
        assert box is not None
        box.setText("1004")  # out of turn
        click("action:call-number")
        qtbot.waitUntil(lambda: text("current-number") == "1004", timeout=3000)
    finally:
        c.close()


def test_login_widget(qtbot: Any, srv: InProcessServer) -> None:
    from counter_client.widgets import LoginWidget

    results: list[tuple[str, str, str]] = []

    def on_login(u: str, pw: str, counter: str) -> str:
        results.append((u, pw, counter))
        return "Sai tên đăng nhập hoặc mật khẩu / Wrong username or password" if pw != "ok" else ""

    w = LoginWidget([("01", "Quầy 01"), ("02", "Quầy 02")], "02", "lan.nt", on_login)
    qtbot.addWidget(w)
    pw = w.findChild(QLineEdit, "password")
    assert pw is not None
    pw.setText("sai")
    qtbot.mouseClick(w.findChild(QPushButton, "login-button"), Qt.MouseButton.LeftButton)
    assert results == [("lan.nt", "sai", "02")]
    error = w.findChild(QLabel, "login-error")
    assert error is not None and "Sai" in error.text()
    assert QApplication.instance() is not None


def test_headless_keypad_and_led_sign(tmp_path: Path) -> None:
    srv = ThreadServer(f"sqlite:///{tmp_path / 't.db'}", tmp_path).start()
    try:
        _headless_keypad_and_led_sign(srv, tmp_path)
    finally:
        srv.stop()


def _headless_keypad_and_led_sign(srv: ThreadServer, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time
    import tty

    pad_master, pad_slave = os.openpty()
    led_master, led_slave = os.openpty()
    for fd in (pad_master, led_master):
        tty.setraw(fd)
    config = tmp_path / "counter.toml"
    config.write_text(
        f'[server]\nurl = "{srv.base}"\ntoken = "{srv.tokens["counter-01"]}"\n'
        f'[counter]\ncounter_id = "01"\n'
        f'[keypad]\nurl = "serial://{os.ttyname(pad_slave)}"\nkeymap = {{ "1" = "call-next", "5" = "finish" }}\n'
        f'[led]\nurl = "serial://{os.ttyname(led_slave)}"\nprotocol = "ascii"\n',
        encoding="utf-8",
    )
    issue(srv)
    proc = subprocess.Popen(
        [sys.executable, "-m", "xephang", "counter", "--headless", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert "keypad ready" in proc.stdout.readline()
        os.write(pad_master, b"1")
        assert "call-next: 1001" in proc.stdout.readline()
        assert os.read(led_master, 64) == b"\x0201" + b"1001" + b"\x03"
        os.write(pad_master, b"5")
        assert "finish" in proc.stdout.readline()
        deadline = time.time() + 5
        while srv.get("/api/v1/reports/summary", "manager").json()["totals"]["served"] != 1:
            assert time.time() < deadline
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(10)
        for fd in (pad_master, pad_slave, led_master, led_slave):
            os.close(fd)


def test_the_officer_sees_the_group_and_why_this_ticket(qtbot: Any, srv: InProcessServer) -> None:
    api = ApiClient(srv.transport, "", timeout_s=2)
    api.login(srv.staff_username, "mat-khau-123", counter_id="01")
    cfg = CounterConfig(server=ServerLink(), counter=CounterSection(counter_id="01"))
    c = start_counter(cfg, api, "01", "Trần Thị Bình")
    qtbot.addWidget(c.window)
    try:
        issue(srv)
        issue(srv, priority="nguoi-cao-tuoi")
        c.presenter.do("call-next")
        qtbot.waitUntil(lambda: not c.presenter.state.busy, timeout=5000)
        cur = c.presenter.state.current
        assert (
            cur is not None
            and cur.number == "1002"
            and cur.priority_name == "Người cao tuổi (từ đủ 60 tuổi)"
        )
        assert cur.call_reason == "ưu tiên — Người cao tuổi (từ đủ 60 tuổi), lượt ưu tiên 1/2"
        qtbot.waitUntil(lambda: c.window.findChild(QLabel, "why") is not None, timeout=3000)
        info = c.window.findChild(QLabel, "current-info")
        why = c.window.findChild(QLabel, "why")
        assert info is not None and "ƯU TIÊN: Người cao tuổi" in info.text()
        assert why is not None and "lượt ưu tiên 1/2" in why.text()
        c.presenter.do("call-next")  # asks first: 1002 is at the counter
        assert c.presenter.state.message_kind == "ask"
        c.presenter.do("call-next")
        qtbot.waitUntil(lambda: not c.presenter.state.busy, timeout=5000)
        cur = c.presenter.state.current
        assert cur is not None and cur.call_reason == "thường — lấy số sớm nhất"
    finally:
        c.close()
