"""A compressed day with the real apps: the Qt kiosk (simulated printer and scanner) issues
every ticket, counter 01 is worked through its real window with the rating pad beside it,
the waiting-room display follows and speaks every call; the other counters are HTTP
officers. Faults during the day: the kiosk loses the server (offline numbers), the display
is cut off for a while, the printer runs out of paper half-way through a ticket, and the
server is killed with SIGKILL and restarted. Nothing is lost, nothing is doubled."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from counter_client.app import start_counter
from device_drivers.printers.sim import SimPrinter
from device_drivers.scanners.sim import SimScanner
from kiosk.app import build_kiosk
from queue_client.api import ApiClient
from queue_client.device_config import (
    AudioSection,
    CounterConfig,
    CounterSection,
    DisplayConfig,
    DisplaySection,
    KioskConfig,
    KioskSection,
    RatingPadConfig,
    RatingPadSection,
    ServerLink,
)
from queue_core.device_errors import DeviceState
from queue_core.speech import call_sentence
from queue_display.app import build_display
from rating_pad.app import build_pad
from testkit.proxy import CuttableProxy
from testkit.servers import ServerProcess
from tests.printer.test_ticket_bytes import qr_in
from tests.server.test_events import collect
from xephang.day_sim import DaySim, Tally
from xephang.paths import DEFAULT_CENTRE

from .qt_drivers import MainThread, QtDesk, QtKiosk

pytestmark = pytest.mark.slow


class Spoken:
    """The display's announcer, listening instead of speaking."""

    def __init__(self) -> None:
        self.sentences: list[str] = []
        self.on_start: Callable[[str, float], None] = lambda key, at: None
        """Set by the display: the banner shows as the voice starts."""

    def say(self, text: str, key: str = "", short: str = "") -> None:
        self.sentences.append(text)
        self.on_start(key, time.monotonic())  # said at once

    def close(self) -> None:
        """Nothing to release."""


def wait_for(what: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not what():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def centre_for_the_window(folder: Path) -> Path:
    """The default centre, where only counter 01 serves Chứng thực: the officers driven
    over HTTP answer faster than anyone clicking a window, and would otherwise call every
    citizen before the real counter window gets one."""
    text = DEFAULT_CENTRE.read_text(encoding="utf-8")
    for counter, before, after in [
        ("02", '["ho-tich", "chung-thuc"]', '["ho-tich"]'),
        ("03", '["chung-thuc", "ho-kinh-doanh"]', '["ho-kinh-doanh"]'),
    ]:
        head = f'id = "{counter}"'
        start = text.index(head)
        end = text.index("services", start)
        text = text[:end] + text[end:].replace(before, after, 1)
    path = folder / "centre.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def apps(qtbot: Any, tmp_path: Path) -> Any:
    """Server, proxies for the kiosk and the display, and every app on its screen."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    srv = ServerProcess(
        f"sqlite:///{tmp_path / 'day.db'}", tmp_path, [centre_for_the_window(tmp_path)]
    )
    srv.start()
    kiosk_link, display_link = CuttableProxy(srv.port), CuttableProxy(srv.port)
    printer = SimPrinter(tmp_path / "tickets")
    kiosk = build_kiosk(
        KioskConfig(
            server=ServerLink(url=kiosk_link.base, token=srv.tokens["kiosk"], timeout_s=2),
            kiosk=KioskSection(fullscreen=False, store_path=str(tmp_path / "kiosk.db")),
        ),
        app,
        transport=printer,
        scanner=SimScanner(),
    )
    spoken = Spoken()
    display = build_display(
        DisplayConfig(
            server=ServerLink(url=display_link.base, token=srv.tokens["display"]),
            display=DisplaySection(fullscreen=False),
            audio=AudioSection(engine="none"),
        ),
        announcer=spoken,
    )
    api = ApiClient(srv.base, "", timeout_s=5)
    api.login(srv.staff_username, "mat-khau-123")
    counter = start_counter(
        CounterConfig(server=ServerLink(url=srv.base), counter=CounterSection(counter_id="01")),
        api,
        "01",
        "Trần Thị Bình",
    )
    pad = build_pad(
        RatingPadConfig(
            server=ServerLink(url=srv.base, token=srv.tokens["rating"]),
            rating_pad=RatingPadSection(
                counter_id="01", fullscreen=False, store_path=str(tmp_path / "pad.db")
            ),
        )
    )
    kiosk.window.resize(1080, 1920)
    display.window.fit(1920, 1080)
    counter.window.resize(1280, 800)
    pad.window.resize(1280, 800)
    for w in (kiosk.window, display.window, counter.window, pad.window):
        qtbot.addWidget(w)
        w.show()
    qtbot.waitUntil(lambda: display.presenter.state.connected, timeout=10_000)
    qtbot.wait(500)  # the pad's and the counter's event streams connect
    try:
        yield srv, kiosk_link, display_link, printer, kiosk, display, spoken, counter, pad
    finally:
        for each in (display, counter, pad):
            each.close()
        kiosk.stop.set()
        for t in kiosk.timers:
            t.stop()
        srv.stop()


def test_a_day_with_the_real_apps_and_faults(qtbot: Any, apps: Any, tmp_path: Path) -> None:
    srv, kiosk_link, display_link, printer, kiosk, display, spoken, counter, pad = apps
    main = MainThread()
    qt_kiosk = QtKiosk(main, qtbot, kiosk, printer)
    desk = QtDesk(main, qtbot, counter, pad)
    centre = ApiClient(srv.base, srv.tokens["kiosk"]).centre()
    sim = DaySim(
        srv.base,
        srv.tokens,
        centre,
        speed=1200,
        scale=0.25,
        seed=11,
        no_show_rate=0.06,
        transfer_rate=0.05,
        kiosk=qt_kiosk,
        desks={"01": desk},
    )
    board_online: list[bool] = []
    display.presenter.listeners.append(
        lambda: board_online.append(display.presenter.state.connected)
    )
    happened: list[str] = []

    def faults() -> None:
        """Each fault lasts until it has bitten at least once (or a time-out)."""
        time.sleep(4)
        kiosk_link.cut()
        bitten = wait_for(lambda: sum(t.issued_offline for t, _ in qt_kiosk.tickets) >= 2, 20)
        kiosk_link.restore()
        happened.append(f"kiosk cut, offline tickets issued: {bitten}")
        display_link.cut()
        served = sim.tally.served
        bitten = wait_for(lambda: sim.tally.served >= served + 2, 20)
        time.sleep(0.5)
        display_link.restore()
        happened.append(f"display cut across {sim.tally.served - served} services: {bitten}")
        printer.fail_next_write = True  # the roll ends half-way through the next ticket
        bitten = wait_for(lambda: qt_kiosk.reprints >= 1, 20)
        time.sleep(0.5)
        printer.set_state(DeviceState.READY)  # staff change the roll; the citizen reprints
        happened.append(f"paper out half-way, ticket printed again: {bitten}")
        wait_for(lambda: not kiosk.presenter.state.print_failed, 20)

        def roll_ends() -> None:  # between two citizens; the kiosk's printer check sees it
            printer.set_state(DeviceState.PAPER_OUT)
            kiosk.timers[1].timeout.emit()
            qtbot.waitUntil(lambda: not kiosk.presenter.state.printer.can_print, timeout=5000)

        qt_kiosk.between_citizens.put(roll_ends)
        bitten = wait_for(lambda: qt_kiosk.waited_for_paper >= 1, 20)
        time.sleep(0.5)
        printer.set_state(DeviceState.READY)
        happened.append(f"paper out before a citizen came, who waited: {bitten}")
        time.sleep(1)
        srv.kill()  # SIGKILL in the middle of the day
        time.sleep(1)
        srv.start()
        happened.append("server killed and restarted")

    result: list[Tally] = []
    day = threading.Thread(target=lambda: result.append(sim.run()), daemon=True)
    faulting = threading.Thread(target=faults, daemon=True)
    day.start()
    faulting.start()
    main.serve(qtbot, until=lambda: not day.is_alive(), timeout_s=420)
    faulting.join(timeout=60)
    tally = result[0]
    assert not tally.errors, (tally.errors[:5], happened)
    assert len(happened) == 5 and all("False" not in h for h in happened), happened

    # The rating pad sends what it kept while the server was away.
    qtbot.waitUntil(
        lambda: pad.sender.outbox.check_server() and not pad.sender.outbox.pending(), timeout=30_000
    )

    # Every ticket ended in a final state; the report counts exactly what happened.
    totals = srv.get("/api/v1/reports/summary", "manager").json()["totals"]
    assert totals["issued"] == tally.issued == len(qt_kiosk.tickets)
    assert totals["served"] == tally.served
    assert totals["no_show"] == tally.no_show > 0
    assert totals["transferred"] == tally.transferred > 0
    assert totals["ratings"] == tally.ratings
    assert totals["waiting_or_open"] == 0
    assert tally.priority > 0 and desk.served > 0 and desk.rated > 0

    # Each ticket was printed once on paper; the QR of each online one opens its status page.
    assert len(printer.printed) == len(qt_kiosk.tickets) and qt_kiosk.reprints >= 1
    online = [(t, png) for t, png in qt_kiosk.tickets if not t.issued_offline]
    offline = [(t, png) for t, png in qt_kiosk.tickets if t.issued_offline]
    assert len(offline) >= 2 and online
    for t, png in online:
        assert qr_in(Image.open(png.with_suffix(".png"))) == [t.status_url], t.number
    # The URL names the centre's public address; here the server listens on a test port.
    page = srv.get(urlsplit(online[-1][0].status_url).path)
    assert page.status_code == 200 and online[-1][0].number in page.text
    for t, png in offline:  # no QR for a number the server had not seen yet; it has it once now
        assert qr_in(Image.open(png.with_suffix(".png"))) == []
        same = srv.get(f"/api/v1/tickets?number={t.number}", "counter").json()
        assert len(same) == 1 and same[0]["status"] in ("done", "no_show"), same

    # The display was cut off and said so, then showed and spoke every call exactly once.
    assert False in board_online and display.presenter.state.connected
    last_seq = srv.get("/api/v1/queue", "display").json()["last_seq"]
    events = collect(srv, last_seq, after=0)
    assert [e.seq for e in events] == list(range(1, last_seq + 1))  # gap-free log
    calls = [e for e in events if e.kind in ("ticket.called", "ticket.recalled")]
    assert set(display.presenter.shown_at) == {e.seq for e in calls}
    number_of = {c.id: c.number for c in centre.counters}
    assert sorted(spoken.sentences) == sorted(
        call_sentence(e.data["number"], number_of[e.data["counter_id"]], "words") for e in calls
    )
    qtbot.waitUntil(
        lambda: (
            all(not r.serving for r in display.presenter.state.rows)
            and all(n == 0 for _, n in display.presenter.state.waiting)
        ),
        timeout=10_000,
    )
    display.window.grab().save(str(tmp_path / "display-end-of-day.png"))
