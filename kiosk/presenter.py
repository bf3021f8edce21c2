"""The kiosk's logic without widgets: which screen, what it says, what a touch does.

A ticket in at most three touches: "Lấy số thứ tự" → a lĩnh vực → "In số thứ tự" (or a
procedure, where the centre splits the lĩnh vực, which prints at once). A scan on any
screen fills in the name and offers the elderly priority; from the home screen it starts
the flow. Every screen goes home after `idle_s` without a touch, and personal data goes
with it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from queue_client.background import Background, inline
from queue_core.cccd import CardError, CitizenCard, elderly_priority, parse_card
from queue_core.centre import CentreConfig, Procedure, Service, counter_list
from queue_core.clock import VIETNAM, local_time
from queue_core.contract import CitizenIn, TicketView
from queue_core.device_errors import DeviceError, DeviceState
from queue_core.vietnamese import matches, score

from .accessibility import Accessibility, ReadKey
from .result_wording import ResultWording
from .staff_corner import StaffCorner
from .state import STATE_EN, STATE_VI, Issuer, KioskState, Language, Printed, Printer, Screen
from .texts import TEXTS

log = logging.getLogger("xephang.kiosk")
PLAIN_CARD_ERRORS = frozenset({"cccd_url", "cccd_bank_qr"})
"""Reasons a citizen understands as they are; the rest read "the code could not be read"."""


class KioskPresenter(StaffCorner, ResultWording, Accessibility):
    def __init__(
        self,
        centre: CentreConfig,
        issuer: Issuer,
        printer: Printer,
        *,
        idle_s: int = 45,
        result_s: int = 20,
        pin: str = "2468",
        split_services: frozenset[str] = frozenset(),
        clock: Callable[[], float] = time.time,
        on_exit: Callable[[], None] = lambda: None,
        report_health: Callable[[DeviceState], None] = lambda state: None,
        background: Background = inline,
        speak: Callable[[str], None] = lambda text: None,
        call_staff: Callable[[], None] = lambda: None,
    ) -> None:
        """`background` runs issuing and printing off the UI thread (the Qt app passes
        the kiosk's device worker); tests run it inline. `speak` says guidance aloud."""
        self.centre = centre
        self.issuer = issuer
        self.printer = printer
        self.idle_s = idle_s
        self.result_s = result_s
        self.pin = pin
        self.split_services = split_services
        self.clock = clock
        self.on_exit = on_exit
        self.report_health = report_health
        self.background = background
        self.speak = speak
        self.call_staff = call_staff
        self._read: ReadKey | None = None
        self.state = KioskState(last_touch=clock())
        self.listeners: list[Callable[[], None]] = []

    # ------------------------------------------------------------------ plumbing
    def t(self, key: str, **values: Any) -> str:
        return TEXTS[self.state.language][key].format(**values)

    def changed(self) -> None:
        for listener in self.listeners:
            listener()
        self.guide()

    def _go(self, screen: Screen) -> None:
        if self.state.screen is not screen:
            self.state.history.append(self.state.screen)
            self.state.message = ""  # an error belongs to the screen it was shown on
        self.state.screen = screen
        self.state.shown_at = self.clock()
        self.changed()

    def touch(self) -> None:
        """Any touch on the screen keeps the kiosk from going home."""
        self.state.last_touch = self.clock()

    def _tap(self) -> None:
        self.touch()
        self.state.touches += 1
        self.state.message = ""

    # ------------------------------------------------------------------ reading
    def services(self) -> list[Service]:
        return list(self.centre.services)

    def service(self) -> Service | None:
        return self.centre.service(self.state.service_id) if self.state.service_id else None

    def name_of(self, item: Service | Procedure) -> str:
        if self.state.language == "en" and item.name_en:
            return item.name_en
        return item.name

    def priority_groups(self) -> list[tuple[str, str]]:
        en = self.state.language == "en"
        return [
            (g.id, (g.name_en or g.name) if en else g.name) for g in self.centre.priority_groups
        ]

    def counters_for(self, service_id: str) -> str:
        return counter_list(c.number for c in self.centre.counters if service_id in c.services)

    def can_take_number(self) -> bool:
        return self.state.printer.can_print and not self.refusing_outside_hours()

    def outside_hours(self) -> bool:
        hours = self.centre.hours
        return hours is not None and not hours.is_open(local_time(self.clock(), VIETNAM))

    def refusing_outside_hours(self) -> bool:
        return (
            self.outside_hours()
            and self.centre.hours is not None
            and (self.centre.hours.outside == "refuse")
        )

    def hours_notice(self) -> str:
        """ "Ngoài giờ làm việc …" outside the centre's hours, else empty."""
        if not self.outside_hours():
            return ""
        hours = self.centre.centre.working_hours
        key = "closed_refuse" if self.refusing_outside_hours() else "closed_notice"
        return self.t(key, hours=hours or "—")

    def printer_problem(self) -> str:
        state = self.state.printer
        if self.refusing_outside_hours():
            return self.hours_notice()
        if state.can_print:
            return ""
        reason = (STATE_EN if self.state.language == "en" else STATE_VI).get(state, state.value)
        return self.t("printer_down", reason=reason)

    def status_line(self) -> str:
        """For staff, small and grey: offline mode and what waits to sync."""
        if self.issuer.online:
            return ""
        return self.t("offline", n=self.issuer.pending())

    def seconds_left(self) -> int:
        return max(0, round(self.result_s - (self.clock() - self.state.shown_at)))

    def now_text(self) -> str:
        return local_time(self.clock(), VIETNAM).strftime("%H:%M  %d/%m/%Y")

    def lookup_results(self) -> list[tuple[Service, Procedure]]:
        q = self.state.query.strip()
        found = [
            (s, p)
            for s in self.centre.services
            for p in s.procedures
            if not q or matches(q, p.name, s.name, p.code, p.name_en)
        ]
        return sorted(found, key=lambda sp: -score(q, sp[1].name, sp[0].name)) if q else found

    # ------------------------------------------------------------------ actions
    def toggle_language(self) -> None:
        self._tap()
        self.state.language = "en" if self.state.language == "vi" else "vi"
        self.changed()

    def take_number(self) -> None:
        self._tap()
        if not self.can_take_number():
            self.state.message = self.printer_problem()
            self.changed()
            return
        self._go(Screen.SERVICES)

    def take_priority_number(self) -> None:
        """The home screen's "Ưu tiên": which group first, then the lĩnh vực."""
        self._tap()
        if not self.can_take_number():
            self.state.message = self.printer_problem()
            self.changed()
            return
        self._go(Screen.PRIORITY)

    def choose_priority_group(self, group_id: str) -> None:
        self._tap()
        self.state.priority = group_id
        self._go(Screen.SERVICES)

    def choose_service(self, service_id: str) -> None:
        self._tap()
        self.state.service_id = service_id
        self.state.procedure_id = None
        self._go(Screen.PROCEDURES if service_id in self.split_services else Screen.CONFIRM)

    def take_number_for(self, service_id: str) -> None:
        """From a procedure's page: straight to taking a number for its lĩnh vực."""
        self.take_number()
        if self.state.screen is Screen.SERVICES:
            self.choose_service(service_id)

    def choose_procedure(self, procedure_id: str) -> None:
        """Where the centre splits a lĩnh vực, choosing the procedure prints at once."""
        self.state.procedure_id = procedure_id
        self.confirm()

    def set_priority(self, group_id: str | None) -> None:
        self.touch()
        self.state.priority = group_id
        self.changed()

    def confirm(self) -> None:
        """Issue and print on the device worker; "Đang in…" until both are done."""
        self._tap()
        s = self.state
        if s.service_id is None or s.busy:
            return
        citizen = None
        if s.card is not None:
            citizen = CitizenIn(
                name=s.card.full_name,
                id_masked=s.card.masked_id,
                birth_year=s.card.date_of_birth.year,
            )
        request = (s.service_id, s.procedure_id, s.priority, citizen)
        language, large = s.language, s.large
        s.busy = True
        self.changed()

        def job() -> Printed | str:
            try:
                ticket = self.issuer.issue(*request)
            except Exception as e:  # noqa: BLE001 - the server refused: say why, lose nothing
                return str(getattr(e, "message", e))
            return self._print(ticket, language, large)

        if not self.background(job, self._issued):
            self._issued(self.t("busy"))

    def _issued(self, outcome: Printed | str) -> None:
        s = self.state
        s.busy = False
        if isinstance(outcome, str):
            s.message = self.t("error", reason=outcome)
            self.changed()
            return
        s.ticket, s.printer, s.print_failed = outcome
        self.report_health(s.printer)
        self._go(Screen.RESULT)

    def _print(self, ticket: TicketView, language: Language, large: bool = False) -> Printed:
        """On the worker: the ticket, the printer's state after, whether it failed."""
        try:
            return ticket, self.printer.print_ticket(ticket, language, large=large), False
        except DeviceError as e:
            state = getattr(e, "state", "")
            known = state in {x.value for x in DeviceState}
            return ticket, DeviceState(state) if known else DeviceState.ERROR, True

    def reprint(self) -> None:
        self._tap()
        ticket, language, large = self.state.ticket, self.state.language, self.state.large
        if ticket is None or self.state.busy:
            return
        self.state.busy = True
        self.changed()

        def reprinted(outcome: Printed) -> None:
            s = self.state
            s.busy = False
            if s.ticket is not None and s.ticket.number == outcome[0].number:
                _, s.printer, s.print_failed = outcome
                s.shown_at = self.clock()
                self.report_health(s.printer)
            self.changed()

        if not self.background(lambda: self._print(ticket, language, large), reprinted):
            self.state.busy = False

    def back(self) -> None:
        self._tap()
        if self.state.history:
            self.state.screen = self.state.history.pop()
            self.changed()
        else:
            self.home()

    def home(self) -> None:
        """Back to the start; the citizen's data leaves the screen and the memory."""
        lang = self.state.language
        keep = (self.state.printer, self.state.last_touch)
        self.state = KioskState(
            language=lang, printer=keep[0], last_touch=keep[1], shown_at=self.clock()
        )
        self.state.language = "vi" if lang == "en" else lang  # next citizen starts in Vietnamese
        self.changed()

    def open_lookup(self) -> None:
        self._tap()
        self.state.query = ""
        self._go(Screen.LOOKUP)

    def search(self, text: str) -> None:
        self.touch()
        self.state.query = text
        self.changed()

    def key(self, text: str) -> None:
        """A key of the on-screen keyboard: a letter, a space, "⌫" or "clear"."""
        q = self.state.query
        if text == "⌫":
            q = q[:-1]
        elif text == "clear":
            q = ""
        elif len(q) < 60:
            q += text
        self.search(q)

    def open_detail(self, service_id: str, procedure_id: str) -> None:
        self._tap()
        self.state.detail = (service_id, procedure_id)
        self._go(Screen.DETAIL)

    def detail(self) -> tuple[Service, Procedure] | None:
        if not self.state.detail:
            return None
        service = self.centre.service(self.state.detail[0])
        if service is None:
            return None
        proc = next((p for p in service.procedures if p.id == self.state.detail[1]), None)
        return (service, proc) if proc else None

    def scanned(self, payload: str) -> None:
        """A card was read: fill in the name, offer the elderly priority when it applies."""
        self.touch()
        today = local_time(self.clock(), VIETNAM).date()
        try:
            card = parse_card(payload, today)
        except CardError as e:  # the citizen reads what to do; staff find why in the log
            log.info("card not read: %s", e.en)
            reason = (e.vi if self.state.language == "vi" else e.en) + "."
            if e.code not in PLAIN_CARD_ERRORS:
                reason = self.t("scan_unreadable")
            self.state.message = f"{reason} {self.t('scan_bad')}"
            self.changed()
            return
        self.state.card = card
        self.state.message = ""
        self.state.elderly = self._elderly(card, today)
        if self.state.elderly and self.state.priority is None:
            self.state.priority = (
                "nguoi-cao-tuoi"
                if self.centre.priority_group("nguoi-cao-tuoi")
                else (next((g.id for g in self.centre.priority_groups if g.min_age), None))
            )
        if self.state.screen is Screen.HOME and self.can_take_number():
            self._go(Screen.SERVICES)
        else:
            self.changed()

    def _elderly(self, card: CitizenCard, today: date) -> bool:
        ages = [g.min_age for g in self.centre.priority_groups if g.min_age]
        return bool(ages) and elderly_priority(card, today, min(ages))

    def set_printer_state(self, state: DeviceState) -> None:
        if state is not self.state.printer:
            self.state.printer = state
            self.report_health(state)
            self.changed()

    # ------------------------------------------------------------------ time
    def tick(self) -> None:
        """Called every second: idle timeout, the result screen's countdown."""
        now = self.clock()
        s = self.state
        if s.screen is Screen.HOME or s.busy:
            return
        if (
            s.screen is Screen.RESULT and not s.print_failed and now - s.shown_at >= self.result_s
        ) or now - s.last_touch >= self.idle_s:
            self.home()
        elif s.screen is Screen.RESULT:
            self.changed()
