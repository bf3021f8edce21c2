"""The kinds of event on the stream, which commands make them, and each payload's shape."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from .bodies import TicketAction
from .views import (
    HealthView,
    HelpView,
    RatingView,
    TicketView,
    View,
    WaitingForCounter,
    WaitingView,
)


class EventKind(StrEnum):
    ISSUED = "ticket.issued"
    CALLED = "ticket.called"
    RECALLED = "ticket.recalled"
    NO_SHOW = "ticket.no_show"
    STARTED = "ticket.started"
    FINISHED = "ticket.finished"
    TRANSFERRED = "ticket.transferred"
    CANCELLED = "ticket.cancelled"
    RENUMBERED = "ticket.renumbered"
    COUNTER_PAUSED = "counter.paused"
    COUNTER_RESUMED = "counter.resumed"
    RATING_RECORDED = "rating.recorded"
    DEVICE_HEALTH = "device.health"
    HELP_REQUESTED = "device.help"
    """A citizen at a kiosk pressed its help button: counters and the console show it."""
    RESYNC = "stream.resync"
    """Not in the log: the stream tells a device that its last sequence is ahead of the
    server's (a database restored from a backup) and that it starts again from `id`."""


EVENT_OF_ACTION = {
    TicketAction.RECALL: EventKind.RECALLED,
    TicketAction.NO_SHOW: EventKind.NO_SHOW,
    TicketAction.START: EventKind.STARTED,
    TicketAction.FINISH: EventKind.FINISHED,
    TicketAction.TRANSFER: EventKind.TRANSFERRED,
    TicketAction.CANCEL: EventKind.CANCELLED,
}
CALL_EVENTS = frozenset({EventKind.CALLED, EventKind.RECALLED})
"""A number is called (again) to a counter: the board shows it, the speaker says it."""
END_EVENTS = frozenset(
    {EventKind.FINISHED, EventKind.NO_SHOW, EventKind.CANCELLED, EventKind.TRANSFERRED}
)
"""The ticket leaves its counter."""
QUEUE_EVENTS = frozenset(
    {
        EventKind.ISSUED,
        *CALL_EVENTS,
        *END_EVENTS,
        EventKind.RENUMBERED,
        EventKind.COUNTER_PAUSED,
        EventKind.COUNTER_RESUMED,
        EventKind.RESYNC,
    }
)
"""Events after which a device's queue snapshot is out of date."""
WAITING_EVENTS = frozenset(
    {
        EventKind.ISSUED,
        *CALL_EVENTS,
        EventKind.NO_SHOW,
        EventKind.TRANSFERRED,
        EventKind.CANCELLED,
        EventKind.RENUMBERED,
    }
)
"""Ticket events that may change who waits: each carries the centre's waiting lines as
the transaction left them (`TicketEvent.queue`), so a board applies it without asking
the server for a snapshot."""


class QueueView(View):
    """Who waits at a centre, as a snapshot shows it: carried by WAITING_EVENTS."""

    service_day: str
    waiting: list[WaitingView]
    waiting_for_counter: list[WaitingForCounter]


class TicketEvent(TicketView):
    """Payload of every ticket.* event: the ticket as any device may see it."""

    counter_name: str | None = None
    """Set on calls: the counter's name for boards and announcements."""
    reason: str | None = None
    """'end_of_day' when housekeeping closed a ticket a past day left open."""
    old_number: str | None = None
    """On ticket.renumbered: the number the ticket had before."""
    queue: QueueView | None = None
    """On WAITING_EVENTS: the waiting lines after the change (see `queue_core.board`)."""


class CounterEvent(View):
    """Payload of counter.paused / counter.resumed."""

    counter_id: str
    counter_number: int
    counter_name: str
    paused: bool


class Resync(View):
    """Payload of stream.resync."""

    last_seq: int


EventPayload = TicketEvent | CounterEvent | RatingView | HealthView | HelpView | Resync

PAYLOAD_OF_KIND: dict[EventKind, type[EventPayload]] = {
    **{k: TicketEvent for k in EventKind if k.value.startswith("ticket.")},
    EventKind.COUNTER_PAUSED: CounterEvent,
    EventKind.COUNTER_RESUMED: CounterEvent,
    EventKind.RATING_RECORDED: RatingView,
    EventKind.DEVICE_HEALTH: HealthView,
    EventKind.HELP_REQUESTED: HelpView,
    EventKind.RESYNC: Resync,
}


class StreamedEvent(View):
    """One Server-Sent Event of GET /events: `id:` the sequence, `event:` the kind,
    `data:` the payload as JSON (documents the stream; not sent as one JSON object)."""

    id: int
    event: EventKind
    data: EventPayload


def parse_payload(kind: str, data: dict[str, Any]) -> EventPayload | None:
    """The typed payload of an event; None for a kind this device does not know yet."""
    try:
        model = PAYLOAD_OF_KIND[EventKind(kind)]
    except ValueError:
        return None
    return model.model_validate(data)
