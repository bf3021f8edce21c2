"""The real kiosk window, offscreen, against the real server (in-process), with the
simulated printer and scanner: touches are real clicks on the real buttons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QScrollArea, QWidget

from device_drivers.printers.sim import SimPrinter
from device_drivers.scanners.sim import SimScanner
from kiosk.app import Kiosk, build_kiosk
from kiosk.state import Screen
from queue_client.device_config import KioskConfig, KioskSection, ServerLink
from queue_core.device_errors import DeviceState
from queue_core.hours import OpeningHours
from testkit.cards import payload
from testkit.servers import InProcessServer
from tests.server.test_events import collect


@pytest.fixture
def setup(
    qtbot: Any, tmp_path: Path
) -> Iterator[tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]]:
    srv = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    cfg = KioskConfig(
        server=ServerLink(url=srv.base, token=srv.tokens["kiosk"], timeout_s=2),
        kiosk=KioskSection(fullscreen=False, store_path=str(tmp_path / "kiosk.db")),
    )
    printer, scanner = SimPrinter(tmp_path / "printer"), SimScanner()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kiosk = build_kiosk(cfg, app, transport=printer, scanner=scanner, api=srv.api("kiosk", 2))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    try:
        yield kiosk, printer, scanner, srv
    finally:
        kiosk.stop.set()
        for t in kiosk.timers:
            t.stop()
        srv.stop()


def click(qtbot: Any, kiosk: Kiosk, name: str) -> None:
    b = kiosk.window.findChild(QPushButton, name)
    assert b is not None, f"no button {name} on {kiosk.presenter.state.screen}"
    # At least 15 mm on a 21.5-inch 1080p panel (about 4.1 px per mm): 62 px.
    assert b.isEnabled() and b.height() >= 62 and b.width() >= 62
    if _in_touch_list(b):  # QScroller holds a press until it knows it is not a drag
        import shiboken6

        qtbot.mousePress(b, Qt.MouseButton.LeftButton)
        qtbot.wait(400)
        if shiboken6.isValid(b):  # else the held press was already taken as a tap
            qtbot.mouseRelease(b, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
    # Issuing and printing run on the kiosk's worker: wait for them as a citizen would.
    qtbot.waitUntil(lambda: not kiosk.presenter.state.busy, timeout=10000)


def _in_touch_list(w: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def enabled(kiosk: Kiosk, name: str) -> bool:
    b = kiosk.window.findChild(QPushButton, name)  # screens are redrawn: look it up each time
    return b is not None and b.isEnabled()


def text_of(kiosk: Kiosk, name: str) -> str:
    w = kiosk.window.findChild(QLabel, name)
    return w.text() if w is not None else ""


def test_three_touches(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, printer, _, srv = setup
    click(qtbot, kiosk, "take")
    click(qtbot, kiosk, "service:ho-tich")
    click(qtbot, kiosk, "print")
    assert text_of(kiosk, "result-number") == "1001"
    assert "Số người chờ trước Quý vị: 0" in text_of(kiosk, "waiting")
    assert len(printer.printed) == 1 and printer.printed[0].with_suffix(".png").exists()
    assert srv.get("/api/v1/queue", "display").json()["waiting"][0]["next_numbers"] == ["1001"]
    click(qtbot, kiosk, "home")
    assert kiosk.presenter.state.screen is Screen.HOME


def test_scan_fills_in_the_name(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, _, scanner, _ = setup
    scanner.feed(payload(born=date(1955, 2, 2)))
    qtbot.waitUntil(lambda: kiosk.presenter.state.screen is Screen.SERVICES, timeout=5000)
    assert "Nguyễn Văn Ánh" in text_of(kiosk, "greeting")
    click(qtbot, kiosk, "service:ho-tich")
    chosen = kiosk.window.findChild(QPushButton, "priority:nguoi-cao-tuoi")
    assert chosen is not None and chosen.property("role") == "chosen"
    click(qtbot, kiosk, "print")
    assert kiosk.presenter.state.ticket is not None
    assert kiosk.presenter.state.ticket.priority == "nguoi-cao-tuoi"


def test_idle_returns_home(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, _, scanner, _ = setup
    now = [1_750_000_000.0]
    kiosk.presenter.clock = lambda: now[0]
    kiosk.presenter.touch()
    scanner.feed(payload())
    qtbot.waitUntil(lambda: kiosk.presenter.state.card is not None, timeout=5000)
    now[0] += kiosk.presenter.idle_s + 1
    qtbot.waitUntil(
        lambda: kiosk.presenter.state.screen is Screen.HOME, timeout=3000
    )  # the 1 s timer
    assert kiosk.presenter.state.card is None and not text_of(kiosk, "greeting")


def test_paper_out_is_shown_before_taking_a_number(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, printer, _, srv = setup
    printer.set_state(DeviceState.PAPER_OUT)
    kiosk.timers[1].timeout.emit()  # the printer check
    qtbot.waitUntil(lambda: not enabled(kiosk, "take"), timeout=5000)
    assert "hết giấy" in text_of(kiosk, "printer-problem")
    reported = collect(srv, 1, after=0, timeout=10)[0]  # the health report reached the server
    assert reported.kind == "device.health" and reported.data["state"] == "paper_out"


def test_print_failure_keeps_the_number(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, printer, _, _ = setup
    click(qtbot, kiosk, "take")
    click(qtbot, kiosk, "service:dat-dai")
    printer.fail_next_write = True
    click(qtbot, kiosk, "print")
    assert text_of(kiosk, "result-number") == "4001"
    assert "ghi nhớ" in text_of(kiosk, "print-failed")
    printer.set_state(DeviceState.READY)
    click(qtbot, kiosk, "reprint")
    assert not text_of(kiosk, "print-failed") and len(printer.printed) == 1


def test_language_toggle(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, _, _, _ = setup
    click(qtbot, kiosk, "lang")
    take = kiosk.window.findChild(QPushButton, "take")
    assert take is not None and take.text() == "Take a number"
    click(qtbot, kiosk, "take")
    b = kiosk.window.findChild(QPushButton, "service:ho-tich")
    assert b is not None and b.text() == "Civil status"


def test_lookup_with_vietnamese_typing(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, _, _, _ = setup
    click(qtbot, kiosk, "lookup")
    box = kiosk.window.findChild(QLineEdit, "search")
    assert box is not None
    box.setText("đăng ký khai sinh")  # qtbot.keyClicks cannot type Vietnamese
    qtbot.waitUntil(lambda: kiosk.presenter.state.query == "đăng ký khai sinh", timeout=3000)
    assert kiosk.window.findChild(QPushButton, "result:khai-sinh") is not None
    click(qtbot, kiosk, "result:khai-sinh")
    detail = kiosk.window.findChild(QLabel, "detail")
    assert detail is not None and "Giấy chứng sinh" in detail.text()


def test_server_down_then_back(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, printer, _, srv = setup
    srv.link.cut()
    click(qtbot, kiosk, "take")
    click(qtbot, kiosk, "service:ho-tich")
    click(qtbot, kiosk, "print")
    assert text_of(kiosk, "result-number") == "K1-001" and len(printer.printed) == 1
    assert "ngoại tuyến" in text_of(kiosk, "status").lower()
    srv.link.restore()
    kiosk.timers[0].timeout.emit()  # the server check: back online, sync
    qtbot.waitUntil(lambda: kiosk.issuer.pending() == 0 and kiosk.issuer.online, timeout=10000)
    qtbot.waitUntil(lambda: text_of(kiosk, "status") == "", timeout=3000)
    kiosk.timers[0].timeout.emit()
    qtbot.wait(500)
    assert srv.get("/api/v1/reports/summary", "manager").json()["totals"]["issued"] == 1


def test_staff_long_press(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    kiosk, _, _, _ = setup
    corner = kiosk.window.corner
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.presenter.state.screen is Screen.PIN, timeout=5000)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton)
    for d in "2468":
        click(qtbot, kiosk, f"pin:{d}")
    click(qtbot, kiosk, "pin-ok")
    assert kiosk.presenter.state.screen is Screen.SETTINGS
    assert "ready" in text_of(kiosk, "printer-state")


@pytest.mark.parametrize(
    ("orientation", "size"), [("portrait", (1080, 1920)), ("landscape", (1920, 1080))]
)
def test_every_screen_fits_without_growing_the_window(
    qtbot: Any, tmp_path: Path, orientation: str, size: tuple[int, int]
) -> None:
    srv = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    try:
        cfg = KioskConfig(
            server=ServerLink(url=srv.base, token=srv.tokens["kiosk"]),
            kiosk=KioskSection(
                fullscreen=False,
                orientation=orientation,
                store_path=str(tmp_path / "k.db"),
                split_services=["chung-thuc"],
            ),
        )
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        k = build_kiosk(
            cfg,
            app,
            transport=SimPrinter(tmp_path / "p"),
            scanner=SimScanner(),
            api=srv.api("kiosk"),
        )
        qtbot.addWidget(k.window)
        k.window.resize(*size)
        k.window.show()
        p = k.presenter
        closed = OpeningHours(weekdays=[], outside="notice")  # the longest screens: with the notice
        p.centre = p.centre.model_copy(update={"hours": closed})
        steps = [
            lambda: None,
            lambda: p.scanned(payload()),
            lambda: p.choose_service("ho-tich"),
            p.confirm,
            p.home,
            p.take_number,
            lambda: p.choose_service("chung-thuc"),
            p.home,
            p.take_priority_number,
            lambda: p.choose_priority_group("phu-nu-mang-thai"),
            lambda: p.choose_service("dat-dai"),
            p.confirm,
            p.home,
            p.open_lookup,
            lambda: p.open_detail("dat-dai", "bien-dong"),
            p.staff_corner,
        ]
        for step in steps:
            step()
            app.processEvents()
            hint = k.window.minimumSizeHint()  # "Đang in…" while the worker prints
            assert hint.height() <= size[1] and hint.width() <= size[0], p.state.screen
            qtbot.waitUntil(lambda: not p.state.busy, timeout=10000)
            app.processEvents()
            hint = k.window.minimumSizeHint()
            assert hint.height() <= size[1] and hint.width() <= size[0], p.state.screen
            assert (k.window.width(), k.window.height()) == size, p.state.screen
            area = k.window.findChild(QScrollArea, "procedures")
            if area is not None and area.isVisible():  # every procedure shows, none is cut
                inner = area.widget()
                assert inner is not None
                assert inner.sizeHint().height() <= area.viewport().height(), size
        k.stop.set()
        for t in k.timers:
            t.stop()
    finally:
        srv.stop()


def test_the_priority_entry_on_home_sends_the_citizen_to_the_priority_counter(
    qtbot: Any, setup: tuple[Kiosk, SimPrinter, SimScanner, InProcessServer]
) -> None:
    from ticket_printer.layout import ticket_content

    kiosk, printer, _, srv = setup
    click(qtbot, kiosk, "take-priority")
    assert kiosk.presenter.state.screen is Screen.PRIORITY
    click(qtbot, kiosk, "group:nguoi-khuyet-tat")
    click(qtbot, kiosk, "service:ho-tich")
    click(qtbot, kiosk, "print")
    ticket = kiosk.presenter.state.ticket
    assert ticket is not None and ticket.priority == "nguoi-khuyet-tat"
    assert ticket.priority_counters == [6]
    assert text_of(kiosk, "where") == "Mời Quý vị đến quầy ưu tiên 06"
    assert text_of(kiosk, "priority-mark") == "ƯU TIÊN · Người khuyết tật"
    lines = ticket_content(ticket, kiosk.presenter.centre).lines
    assert "Mời Quý vị đến quầy ưu tiên 06" in lines and len(printer.printed) == 1
    # With the priority counter paused, the ticket names the lĩnh vực's counters instead.
    srv.post("/api/v1/counters/06/pause", "counter", {"idempotency_key": "pause-06-k"})
    click(qtbot, kiosk, "home")
    click(qtbot, kiosk, "take-priority")
    click(qtbot, kiosk, "group:nguoi-cao-tuoi")
    click(qtbot, kiosk, "service:ho-tich")
    click(qtbot, kiosk, "print")
    paused = kiosk.presenter.state.ticket
    assert paused is not None and paused.priority_counters == []
    assert text_of(kiosk, "where").startswith("Quầy: 01, 02")
