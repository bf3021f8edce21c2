"""Which waiting ticket a counter calls next, and the rule that chose it.

Among the services a counter serves (plus tickets transferred to that counter), priority
tickets come first, but at most `interleave` priority calls in a row while normal tickets
wait, so nobody starves — unless a priority citizen has waited `max_wait_s`, who is then
called anyway. A priority counter (quầy ưu tiên) calls the priority citizens of its
lĩnh vực (or of all) first, then, when none waits, the normal tickets of its own services
or nobody (config). Within a class the oldest issue time wins. Every choice says why, in
words an officer and a director read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .centre import Counter
from .tickets import Status, Ticket


class Rule(StrEnum):
    PRIORITY = "priority"
    PRIORITY_OVERDUE = "priority_overdue"
    PRIORITY_COUNTER = "priority_counter"
    NORMAL = "normal"
    NORMAL_TURN = "normal_turn"
    TRANSFERRED = "transferred"
    OUT_OF_TURN = "out_of_turn"
    RECALL = "recall"


@dataclass(frozen=True)
class Choice:
    ticket: Ticket
    rule: Rule
    streak: int
    """The counter's run of priority calls after this one (for the next choice)."""


def eligible(ticket: Ticket, counter: Counter) -> bool:
    """Would this counter be allowed to call this ticket?"""
    if ticket.status is not Status.WAITING:
        return False
    if ticket.target_counter_id is not None:
        return ticket.target_counter_id == counter.id
    if ticket.is_priority and counter.serves_priority_of(ticket.service_id):
        return True
    if counter.priority is not None and counter.priority.when_idle == "wait":
        return False
    return ticket.service_id in counter.services


def queue_order(ticket: Ticket) -> tuple[float, int, str]:
    """Oldest first; the daily number breaks ties deterministically."""
    return (ticket.issued_at, ticket.seq_no, ticket.id)


def choose(
    waiting: Iterable[Ticket],
    counter: Counter,
    priority_streak: int,
    interleave: int,
    *,
    now: float = 0.0,
    max_wait_s: float | None = None,
) -> Choice | None:
    """The ticket this counter should call now and why, or None when nobody waits."""
    candidates = [t for t in waiting if eligible(t, counter)]
    priority = min((t for t in candidates if t.is_priority), key=queue_order, default=None)
    normal = min((t for t in candidates if not t.is_priority), key=queue_order, default=None)
    if counter.priority is not None:
        if priority is not None:
            return _choice(priority, counter, Rule.PRIORITY_COUNTER, priority_streak + 1)
        return _choice(normal, counter, Rule.NORMAL, 0) if normal else None
    if priority is None:
        return _choice(normal, counter, Rule.NORMAL, 0) if normal else None
    if normal is not None and interleave > 0 and priority_streak >= interleave:
        overdue = max_wait_s is not None and now - priority.issued_at >= max_wait_s
        if not overdue:
            return _choice(normal, counter, Rule.NORMAL_TURN, 0)
        return _choice(priority, counter, Rule.PRIORITY_OVERDUE, priority_streak + 1)
    return _choice(priority, counter, Rule.PRIORITY, priority_streak + 1)


def _choice(ticket: Ticket, counter: Counter, rule: Rule, streak: int) -> Choice:
    if ticket.target_counter_id == counter.id:
        rule = Rule.TRANSFERRED
    return Choice(ticket, rule, streak if ticket.is_priority else 0)


def choose_next(
    waiting: Iterable[Ticket], counter: Counter, priority_streak: int, interleave: int
) -> Ticket | None:
    """The ticket alone (the rule aside)."""
    got = choose(waiting, counter, priority_streak, interleave)
    return got.ticket if got else None


def next_streak(priority_streak: int, called: Ticket) -> int:
    """How many priority calls in a row the counter has made after calling `called`."""
    return priority_streak + 1 if called.is_priority else 0


def reason(
    rule: Rule,
    *,
    group_name: str | None = None,
    streak: int = 0,
    interleave: int = 0,
    max_wait_min: int = 0,
    from_counter: str | None = None,
) -> str:
    """The rule in words: 'ưu tiên — Người cao tuổi, lượt ưu tiên 2/2'."""
    group = group_name or "ưu tiên"
    if rule is Rule.PRIORITY:
        turn = f", lượt ưu tiên {streak}/{interleave}" if interleave else ""
        return f"ưu tiên — {group}{turn}"
    if rule is Rule.PRIORITY_OVERDUE:
        return f"ưu tiên — {group}, đã chờ quá {max_wait_min} phút"
    if rule is Rule.PRIORITY_COUNTER:
        return f"quầy ưu tiên — {group}"
    if rule is Rule.NORMAL_TURN:
        return f"thường — lượt thường sau {interleave} lượt ưu tiên"
    if rule is Rule.TRANSFERRED:
        return f"chuyển từ quầy {from_counter}" if from_counter else "chuyển đến quầy này"
    if rule is Rule.OUT_OF_TURN:
        return "gọi ngoài lượt bởi cán bộ"
    if rule is Rule.RECALL:
        return "gọi lại công dân vắng mặt"
    return "thường — lấy số sớm nhất"
