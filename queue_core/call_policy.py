"""Which waiting ticket a counter calls next.

Among the services the counter serves (plus tickets transferred to that counter), priority
tickets come first, but at most `interleave` priority calls in a row while normal tickets
wait, so nobody starves; within a class, the oldest issue time wins.
"""

from __future__ import annotations

from collections.abc import Iterable

from .centre import Counter
from .tickets import Status, Ticket


def eligible(ticket: Ticket, counter: Counter) -> bool:
    """Would this counter be allowed to call this ticket?"""
    if ticket.status is not Status.WAITING:
        return False
    if ticket.target_counter_id is not None:
        return ticket.target_counter_id == counter.id
    return ticket.service_id in counter.services


def queue_order(ticket: Ticket) -> tuple[float, int, str]:
    """Oldest first; the daily number breaks ties deterministically."""
    return (ticket.issued_at, ticket.seq_no, ticket.id)


def choose_next(
    waiting: Iterable[Ticket], counter: Counter, priority_streak: int, interleave: int
) -> Ticket | None:
    """The ticket this counter should call now, or None when nobody waits for it."""
    candidates = [t for t in waiting if eligible(t, counter)]
    priority = min((t for t in candidates if t.is_priority), key=queue_order, default=None)
    normal = min((t for t in candidates if not t.is_priority), key=queue_order, default=None)
    if priority is None:
        return normal
    if normal is not None and interleave > 0 and priority_streak >= interleave:
        return normal
    return priority


def next_streak(priority_streak: int, called: Ticket) -> int:
    """How many priority calls in a row the counter has made after calling `called`."""
    return priority_streak + 1 if called.is_priority else 0
