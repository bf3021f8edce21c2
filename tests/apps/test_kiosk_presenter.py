"""The kiosk's logic without widgets, against the real server (in-process, behind a link
the tests can cut) and the simulated printer."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from device_drivers.printers.sim import SimPrinter
from kiosk.issuer import TicketIssuer
from kiosk.presenter import KioskPresenter
from kiosk.state import Screen
from queue_client.api import ApiClient
from queue_client.store import LocalStore
from queue_core.device_errors import DeviceState
from testkit.cards import payload
from testkit.servers import CENTRE, InProcessServer
from ticket_printer.printer import TicketPrinter


class Clock:
    def __init__(self) -> None:
        self.t = 1_750_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[tuple[KioskPresenter, SimPrinter, InProcessServer, Clock]]:
    srv = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    clock = Clock()
    api = ApiClient(srv.transport, srv.tokens["kiosk"], timeout_s=2)
    issuer = TicketIssuer(api, LocalStore(tmp_path / "kiosk.db"), "K1", clock=clock)
    printer = SimPrinter(tmp_path / "printer")
    health: list[DeviceState] = []
    p = KioskPresenter(
        CENTRE,
        issuer,
        TicketPrinter(printer, CENTRE),
        idle_s=45,
        result_s=20,
        split_services=frozenset({"chung-thuc"}),
        clock=clock,
        report_health=health.append,
    )
    p.health = health  # type: ignore[attr-defined]
    try:
        yield p, printer, srv, clock
    finally:
        srv.stop()


def test_three_touches_print_a_ticket(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, printer, srv, _ = kiosk
    p.take_number()
    p.choose_service("ho-tich")
    assert p.state.screen is Screen.CONFIRM
    p.confirm()
    assert p.state.touches == 3 and p.state.screen is Screen.RESULT
    ticket = p.state.ticket
    assert ticket is not None and ticket.number == "1001" and not p.state.print_failed
    assert len(printer.printed) == 1
    assert srv.get(f"/api/v1/tickets/{ticket.id}", "kiosk").json()["status"] == "waiting"


def test_split_service_prints_on_the_procedure(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, _printer, _srv, _ = kiosk
    p.take_number()
    p.choose_service("chung-thuc")
    assert p.state.screen is Screen.PROCEDURES
    p.choose_procedure("ban-sao")
    assert p.state.touches == 3 and p.state.screen is Screen.RESULT
    assert p.state.ticket is not None and p.state.ticket.procedure_id == "ban-sao"


def test_scan_on_home_starts_the_flow_with_elderly_priority(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, _, srv, _ = kiosk
    p.scanned(payload(born=date(1950, 1, 1)))
    assert p.state.screen is Screen.SERVICES and p.state.elderly
    assert p.state.priority == "nguoi-cao-tuoi" and p.state.card is not None
    p.choose_service("ho-tich")
    p.confirm()
    t = p.state.ticket
    assert t is not None and t.priority == "nguoi-cao-tuoi"
    seen = srv.get(f"/api/v1/tickets/{t.id}", "counter").json()["citizen"]
    assert seen == {"name": "Nguyễn Văn Ánh", "id_masked": "0010******45", "birth_year": 1950}
    # The ticket in the citizen's hand carries neither the card number nor the name.
    from ticket_printer.layout import ticket_content

    printed = ticket_content(t, CENTRE).all_text()
    assert "001050012345" not in printed and "0010" not in printed and "Ánh" not in printed


def test_young_citizen_gets_no_priority_and_bad_scans_are_explained(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, _, _, _ = kiosk
    p.scanned(payload(born=date(1990, 5, 5)))
    assert not p.state.elderly and p.state.priority is None
    p.home()
    p.scanned("https://example.com/not-a-card")
    assert p.state.screen is Screen.HOME and "đường dẫn web" in p.state.message


def test_idle_goes_home_and_forgets_the_citizen(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, _, _, clock = kiosk
    p.scanned(payload())
    p.choose_service("ho-tich")
    clock.t += 44
    p.tick()
    assert p.state.screen is Screen.CONFIRM
    clock.t += 2
    p.tick()
    assert p.state.screen is Screen.HOME and p.state.card is None and p.state.service_id is None


def test_result_screen_counts_down_home(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, _, _, clock = kiosk
    p.take_number()
    p.choose_service("ho-tich")
    p.confirm()
    clock.t += 5
    assert p.seconds_left() == 15
    clock.t += 16
    p.tick()
    assert p.state.screen is Screen.HOME and p.state.ticket is None


def test_paper_out_before_and_during(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, printer, _, _ = kiosk
    printer.set_state(DeviceState.PAPER_OUT)
    p.set_printer_state(printer.status())
    assert not p.can_take_number() and "hết giấy" in p.printer_problem()
    p.take_number()
    assert p.state.screen is Screen.HOME and "hết giấy" in p.state.message
    assert p.health[-1] is DeviceState.PAPER_OUT  # type: ignore[attr-defined]
    printer.set_state(DeviceState.READY)
    p.set_printer_state(printer.status())
    p.take_number()
    p.choose_service("ho-tich")
    printer.fail_next_write = True  # runs out half-way through the ticket
    p.confirm()
    assert p.state.screen is Screen.RESULT and p.state.print_failed
    assert p.state.ticket is not None and p.state.ticket.number == "1001"
    clock_before = p.state.screen
    printer.set_state(DeviceState.READY)  # staff put a new roll in
    p.reprint()
    assert not p.state.print_failed and clock_before is Screen.RESULT and len(printer.printed) == 1


def test_lookup_ignores_diacritics(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, _, _, _ = kiosk
    p.open_lookup()
    p.search("ho tich")
    assert {s.id for s, _ in p.lookup_results()} == {"ho-tich"}
    p.search("khai sinh")
    assert [proc.id for _, proc in p.lookup_results()] == ["khai-sinh"]
    p.search("giay phep xay dung")
    assert [proc.id for _, proc in p.lookup_results()] == ["gpxd-nha-o", "gia-han-gpxd"]
    p.search("GIA HAN")  # also "giải quyết … hành chính", but the exact words rank first
    assert next(proc.id for _, proc in p.lookup_results()) == "gia-han-gpxd"
    p.search("xyz khong co")
    assert p.lookup_results() == []


def test_language_toggle_and_reset(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock],
) -> None:
    p, _, _, _ = kiosk
    assert p.t("take") == "Lấy số thứ tự"
    p.toggle_language()
    assert p.t("take") == "Take a number" and p.name_of(CENTRE.services[0]) == "Civil status"
    p.home()
    assert p.state.language == "vi"


def test_staff_pin(kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock]) -> None:
    p, _, _, _ = kiosk
    exited: list[bool] = []
    p.on_exit = lambda: exited.append(True)
    p.exit_app()
    assert not exited  # not from an ordinary screen
    p.staff_corner()
    for d in "1111":
        p.pin_digit(d)
    p.pin_ok()
    assert p.state.screen is Screen.PIN and "PIN" in p.state.message
    for d in "2468":
        p.pin_digit(d)
    p.pin_ok()
    assert p.state.screen is Screen.SETTINGS
    p.exit_app()
    assert exited == [True]


def test_offline_then_back_syncs_exactly_once(
    kiosk: tuple[KioskPresenter, SimPrinter, InProcessServer, Clock], tmp_path: Path
) -> None:
    p, printer, srv, clock = kiosk
    clock.t = time.time()
    p.take_number()
    p.choose_service("ho-tich")
    p.confirm()
    online = p.state.ticket
    assert online is not None and online.number == "1001"
    p.home()
    srv.link.cut()
    numbers = []
    for _ in range(2):
        clock.t = time.time()
        p.take_number()
        p.choose_service("ho-tich")
        p.confirm()
        assert p.state.ticket is not None and not p.state.print_failed
        numbers.append(p.state.ticket.number)
        p.home()
    assert numbers == ["K1-001", "K1-002"] and not p.issuer.online
    assert "ngoại tuyến" in p.status_line().lower() and "2" in p.status_line()
    assert len(printer.printed) == 3
    srv.link.restore()
    assert p.issuer.sync() == 2 and p.issuer.pending() == 0
    assert p.issuer.sync() == 0  # nothing is sent twice
    report = srv.get("/api/v1/reports/summary", "manager").json()
    assert report["totals"]["issued"] == 3
    queue = srv.get("/api/v1/queue", "display").json()
    hotich = next(w for w in queue["waiting"] if w["service_id"] == "ho-tich")
    assert hotich["next_numbers"] == ["1001", "K1-001", "K1-002"]
