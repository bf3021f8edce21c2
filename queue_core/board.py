"""A board follows the event stream without asking for snapshots: each event is applied
to the snapshot the device already holds.

Pure and shared by every device (display, counter, the web board): ticket events carry
the ticket as anyone may see it and, when who waits may have changed, the centre's
waiting lines as the server's transaction left them (`TicketEvent.queue`); counter
events carry the pause. `apply_event` answers None when the event cannot be applied
exactly (a gap in the sequence, a resync, an event from an older server without the
waiting lines): the device then fetches one snapshot, as it does on connecting.
"""

from __future__ import annotations

from queue_core.contract import (
    CALL_EVENTS,
    WAITING_EVENTS,
    CounterEvent,
    CounterView,
    EventKind,
    EventPayload,
    RecentCall,
    Snapshot,
    TicketEvent,
    TicketView,
)
from queue_core.tickets import Status

RECENT_CALLS = 10
"""As many calls as a snapshot lists."""
AT_COUNTER = (Status.CALLED, Status.SERVING)
"""A ticket in these states is shown at its counter."""
_EVENT_ONLY = {"counter_name", "reason", "old_number", "queue"}


def apply_event(
    board: Snapshot, seq: int, kind: EventKind, payload: EventPayload | None
) -> Snapshot | None:
    """The board after event `seq`, or None when only a fresh snapshot can tell."""
    if seq <= board.last_seq:
        return board  # already in it (a snapshot newer than the stream)
    if seq != board.last_seq + 1 or kind is EventKind.RESYNC:
        return None
    if isinstance(payload, TicketEvent):
        return _ticket(board, seq, kind, payload)
    if isinstance(payload, CounterEvent):
        if board.counter(payload.counter_id) is None:
            return None
        counters = [
            c.model_copy(update={"paused": payload.paused}) if c.id == payload.counter_id else c
            for c in board.counters
        ]
        return board.model_copy(update={"last_seq": seq, "counters": counters})
    return board.model_copy(update={"last_seq": seq})  # ratings, device health: not shown


def _ticket(board: Snapshot, seq: int, kind: EventKind, t: TicketEvent) -> Snapshot | None:
    if kind in WAITING_EVENTS and t.queue is None:
        return None
    if t.status in AT_COUNTER and t.counter_id and board.counter(t.counter_id) is None:
        return None  # a counter this board does not know (configuration changed)
    view = TicketView.model_validate(t.model_dump(exclude=_EVENT_ONLY))
    counters = [_at_counter(c, view) for c in board.counters]
    update: dict[str, object] = {"last_seq": seq, "counters": counters}
    if t.queue is not None:
        update["service_day"] = t.queue.service_day
        update["waiting"] = t.queue.waiting
        update["waiting_for_counter"] = t.queue.waiting_for_counter
    if kind in CALL_EVENTS:
        call = RecentCall(
            seq=seq,
            number=t.number,
            counter_id=t.counter_id,
            counter_number=t.counter_number,
            called_at=t.called_at,
        )
        update["recent_calls"] = [call, *board.recent_calls][:RECENT_CALLS]
    return board.model_copy(update=update)


def _at_counter(c: CounterView, t: TicketView) -> CounterView:
    """The counter as the ticket's new state leaves it."""
    here = t.status in AT_COUNTER and t.counter_id == c.id
    if here:
        return c.model_copy(update={"current": t})
    if c.current is not None and c.current.id == t.id:
        return c.model_copy(update={"current": None})
    return c
