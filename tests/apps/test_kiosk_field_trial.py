"""What the field trial asked of the kiosk's logic: working hours, the waiting line in a
citizen's words, card errors a citizen can act on, errors that leave with their screen,
the on-screen keyboard. Against the real server (in-process)."""

from __future__ import annotations

from datetime import datetime

from device_drivers.printers.sim import SimPrinter
from kiosk.presenter import KioskPresenter
from kiosk.state import Screen
from queue_core.clock import VIETNAM
from queue_core.hours import OpeningHours
from testkit.keys import key
from testkit.servers import InProcessServer
from tests.apps.test_kiosk_presenter import Clock, kiosk

__all__ = ["kiosk"]
Kiosk = tuple[KioskPresenter, SimPrinter, InProcessServer, Clock]


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=VIETNAM).timestamp()


def test_outside_working_hours_the_kiosk_says_so_and_the_config_decides(kiosk: Kiosk) -> None:
    p, _, _, clock = kiosk
    clock.t = at("2026-12-07T09:00")  # a Monday morning: open
    assert not p.outside_hours() and p.hours_notice() == ""
    clock.t = at("2026-12-07T12:30")  # lunch
    assert p.hours_notice().startswith("Ngoài giờ làm việc")
    assert p.can_take_number()  # the default centre issues with a notice
    p.take_number()
    p.choose_service("ho-tich")
    p.confirm()
    assert p.state.screen is Screen.RESULT
    p.home()
    refuse = OpeningHours(weekdays=["07:30-12:00", "13:00-17:00"], outside="refuse")
    p.centre = p.centre.model_copy(update={"hours": refuse})
    assert not p.can_take_number()
    p.take_number()
    assert p.state.screen is Screen.HOME and "tạm ngừng cấp số" in p.state.message
    clock.t = at("2026-12-12T09:00")  # Saturday: closed in this centre
    assert not p.can_take_number()
    clock.t = at("2026-12-07T13:00")
    assert p.can_take_number()


def test_the_result_says_who_is_ahead_and_no_estimate_without_an_open_counter(
    kiosk: Kiosk,
) -> None:
    p, _, srv, _ = kiosk
    for counter in [c.id for c in p.centre.counters if "dat-dai" in c.services]:
        r = srv.post(f"/api/v1/counters/{counter}/pause", "counter", {"idempotency_key": key()})
        assert r.status_code == 200, r.text
    p.take_number()
    p.choose_service("dat-dai")
    p.confirm()
    assert p.state.ticket is not None
    line = p.waiting_line(p.state.ticket)
    assert line.startswith("Số người chờ trước Quý vị: 0")
    assert "chưa có quầy nào mở" in line and "dự kiến" not in line
    p.home()
    p.take_number()
    p.choose_service("chung-thuc")  # split: the procedure is chosen, and shown after
    p.choose_procedure(p.centre.service("chung-thuc").procedures[1].id)  # type: ignore[union-attr]
    assert p.state.ticket is not None
    assert p.procedure_name(p.state.ticket) == "Chứng thực chữ ký trong giấy tờ, văn bản"
    assert "Thời gian chờ dự kiến" in p.waiting_line(p.state.ticket)


def test_card_errors_tell_the_citizen_what_to_do_and_leave_with_the_screen(kiosk: Kiosk) -> None:
    p, _, _, _ = kiosk
    p.take_number()
    p.scanned("a|b|c")  # a QR code, not a card's
    assert p.state.message.startswith("Chưa đọc được mã QR trên thẻ.")
    assert "trường" not in p.state.message  # no "fields" talk for a citizen
    p.choose_service("ho-tich")  # the next screen starts clean
    assert p.state.message == ""
    p.scanned("https://dichvucong.gov.vn/")
    assert p.state.message.startswith("Đây là một đường dẫn web, không phải thẻ căn cước.")
    from testkit.cards import payload

    p.scanned(payload())  # a good scan clears the error at once
    assert p.state.message == "" and p.state.card is not None


def test_the_on_screen_keyboard_types_the_search(kiosk: Kiosk) -> None:
    p, _, _, _ = kiosk
    p.open_lookup()
    for ch in "khai sinx":
        p.key(ch)
    p.key("⌫")
    p.key("h")
    assert p.state.query == "khai sinh"
    assert p.lookup_results()[0][1].id == "khai-sinh"
    p.key("clear")
    assert p.state.query == ""
