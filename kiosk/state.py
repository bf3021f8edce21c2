"""What the kiosk's presenter works with: its screens, its state, and the issuer and
printer it is given (so tests hand it others)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, Protocol

from queue_core.cccd import CitizenCard
from queue_core.contract import CitizenIn, TicketView
from queue_core.device_errors import DeviceState

Language = Literal["vi", "en"]

STATE_VI = {
    DeviceState.PAPER_OUT: "hết giấy",
    DeviceState.COVER_OPEN: "mở nắp",
    DeviceState.OFFLINE: "mất kết nối",
    DeviceState.ERROR: "lỗi",
}
STATE_EN = {
    DeviceState.PAPER_OUT: "out of paper",
    DeviceState.COVER_OPEN: "cover open",
    DeviceState.OFFLINE: "offline",
    DeviceState.ERROR: "error",
}


class Screen(StrEnum):
    HOME = "home"
    PRIORITY = "priority"
    SERVICES = "services"
    PROCEDURES = "procedures"
    CONFIRM = "confirm"
    RESULT = "result"
    LOOKUP = "lookup"
    DETAIL = "detail"
    PIN = "pin"
    SETTINGS = "settings"


class Issuer(Protocol):
    online: bool

    def issue(
        self,
        service_id: str,
        procedure_id: str | None = None,
        priority: str | None = None,
        citizen: CitizenIn | None = None,
    ) -> TicketView: ...

    def pending(self) -> int: ...

    def sync(self) -> int: ...


class Printer(Protocol):
    def print_ticket(
        self, ticket: TicketView, language: Language = "vi", *, large: bool = False
    ) -> DeviceState: ...

    def status(self) -> DeviceState: ...


Printed = tuple[TicketView, DeviceState, bool]
"""A print job's outcome: the ticket, the printer's state after, whether it failed."""


@dataclass
class KioskState:
    screen: Screen = Screen.HOME
    language: Language = "vi"
    service_id: str | None = None
    procedure_id: str | None = None
    priority: str | None = None
    card: CitizenCard | None = None
    elderly: bool = False
    ticket: TicketView | None = None
    print_failed: bool = False
    busy: bool = False
    """Issuing or printing on the worker: "Đang in…", taps wait."""
    large: bool = False
    """Large text (and a large-print ticket), chosen on the home screen."""
    contrast: bool = False
    voice: bool = False
    """Spoken guidance: each screen is read as it appears, and the number when issued."""
    message: str = ""
    query: str = ""
    detail: tuple[str, str] | None = None
    pin: str = ""
    printer: DeviceState = DeviceState.READY
    last_touch: float = 0.0
    shown_at: float = 0.0
    touches: int = 0
    """Touches since home, to keep the three-touch promise honest."""
    history: list[Screen] = field(default_factory=list)
