"""Tickets and their state machine.

waiting → called → serving → done, or no_show / cancelled; transfer puts a ticket back to
waiting for another service or counter and keeps its original issue time. Every change is
a pure function returning a new Ticket, or raising Conflict when the state forbids it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from .errors import Conflict


class Status(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


STATUS_VI = {
    Status.WAITING: "đang chờ",
    Status.CALLED: "đã được gọi",
    Status.SERVING: "đang được phục vụ",
    Status.DONE: "đã hoàn thành",
    Status.NO_SHOW: "vắng mặt",
    Status.CANCELLED: "đã huỷ",
}
FINAL = frozenset({Status.DONE, Status.CANCELLED})
"""States a ticket never leaves (no_show can still be recalled within its window)."""


@dataclass(frozen=True, slots=True)
class Ticket:
    id: str
    centre_id: str
    number: str
    group_id: str
    seq_no: int
    service_day: date
    service_id: str
    status: Status
    issued_at: float
    priority: str | None = None
    procedure_id: str | None = None
    counter_id: str | None = None
    """The counter that called or serves the ticket."""
    target_counter_id: str | None = None
    """Set by a transfer to one counter: only that counter may call it."""
    officer_id: str | None = None
    called_at: float | None = None
    started_at: float | None = None
    finished_at: float | None = None
    no_show_at: float | None = None
    cancelled_at: float | None = None
    recall_count: int = 0
    transfer_count: int = 0
    issued_offline: bool = False
    from_counter_id: str | None = None
    """The counter that transferred it here (why a counter calls it: 'chuyển từ quầy 03')."""

    @property
    def is_priority(self) -> bool:
        return self.priority is not None


_ACTION_VI = {
    "call": "gọi",
    "recall": "gọi lại",
    "start": "bắt đầu phục vụ",
    "finish": "hoàn thành",
    "no_show": "đánh dấu vắng mặt",
    "transfer": "chuyển",
    "cancel": "huỷ",
}


def _require(ticket: Ticket, action: str, allowed: set[Status]) -> None:
    if ticket.status not in allowed:
        raise Conflict(
            "invalid_transition",
            f"Không thể {_ACTION_VI[action]} số {ticket.number} vì phiếu {STATUS_VI[ticket.status]}",
            f"Cannot {action.replace('_', '-')} ticket {ticket.number}: it is {ticket.status.value}",
        )


def call(ticket: Ticket, counter_id: str, officer_id: str | None, now: float) -> Ticket:
    """A counter calls a waiting ticket."""
    _require(ticket, "call", {Status.WAITING})
    return replace(
        ticket,
        status=Status.CALLED,
        counter_id=counter_id,
        officer_id=officer_id,
        called_at=now,
        target_counter_id=None,
    )


def no_show_expired(ticket: Ticket, now: float, window_s: float) -> bool:
    """A no-show may come back only within the configured window."""
    return ticket.no_show_at is not None and now - ticket.no_show_at > window_s


def recall(
    ticket: Ticket,
    now: float,
    window_s: float,
    counter_id: str | None = None,
    officer_id: str | None = None,
) -> Ticket:
    """Call the same number again; a no-show within its window is called back to a counter."""
    _require(ticket, "recall", {Status.CALLED, Status.NO_SHOW})
    if ticket.status is Status.NO_SHOW:
        if no_show_expired(ticket, now, window_s):
            raise Conflict(
                "no_show_expired",
                f"Số {ticket.number} đã quá thời gian được gọi lại",
                f"Ticket {ticket.number} is past its recall window",
            )
        return replace(
            ticket,
            status=Status.CALLED,
            counter_id=counter_id or ticket.counter_id,
            officer_id=officer_id or ticket.officer_id,
            called_at=now,
            no_show_at=None,
            recall_count=ticket.recall_count + 1,
        )
    return replace(ticket, recall_count=ticket.recall_count + 1)


def start(ticket: Ticket, now: float) -> Ticket:
    _require(ticket, "start", {Status.CALLED})
    return replace(ticket, status=Status.SERVING, started_at=now)


def finish(ticket: Ticket, now: float) -> Ticket:
    """Serving ends; an officer who skipped 'start' served from the moment of the call."""
    _require(ticket, "finish", {Status.CALLED, Status.SERVING})
    started = ticket.started_at if ticket.started_at is not None else ticket.called_at
    return replace(ticket, status=Status.DONE, started_at=started, finished_at=now)


def no_show(ticket: Ticket, now: float) -> Ticket:
    _require(ticket, "no_show", {Status.CALLED})
    return replace(ticket, status=Status.NO_SHOW, no_show_at=now)


def transfer(ticket: Ticket, service_id: str | None, target_counter_id: str | None) -> Ticket:
    """Back to waiting for another service or one counter, keeping the original issue time."""
    _require(ticket, "transfer", {Status.WAITING, Status.CALLED, Status.SERVING})
    return replace(
        ticket,
        status=Status.WAITING,
        service_id=service_id or ticket.service_id,
        target_counter_id=target_counter_id,
        from_counter_id=ticket.counter_id or ticket.from_counter_id,
        counter_id=None,
        called_at=None,
        started_at=None,
        transfer_count=ticket.transfer_count + 1,
    )


def cancel(ticket: Ticket, now: float) -> Ticket:
    _require(ticket, "cancel", {Status.WAITING, Status.CALLED, Status.NO_SHOW})
    return replace(ticket, status=Status.CANCELLED, cancelled_at=now)
