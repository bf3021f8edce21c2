"""Hot statements built once with bound parameters.

Building a Core statement costs more than running it on SQLite, so the statements every
ticket issue and call runs are made here at import time and executed with parameters.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CompoundSelect, Select, and_, bindparam, func, or_, select, union_all

from queue_core.tickets import Status

from . import schema

T, CS, EV, IDEM, N, R = (
    schema.tickets,
    schema.counter_state,
    schema.events,
    schema.idempotency,
    schema.number_seq,
    schema.ratings,
)
CST = schema.centre_state

centre_lock = select(CST.c.last_seq).where(CST.c.centre_id == bindparam("centre")).with_for_update()
centre_seq_update = (
    CST.update().where(CST.c.centre_id == bindparam("centre")).values(last_seq=bindparam("seq"))
)
idempotency_get = select(
    IDEM.c.endpoint, IDEM.c.request_hash, IDEM.c.status_code, IDEM.c.response
).where(IDEM.c.centre_id == bindparam("centre"), IDEM.c.key == bindparam("key"))
idempotency_put = IDEM.insert()
idempotency_amend = (
    IDEM.update()
    .where(IDEM.c.centre_id == bindparam("centre"), IDEM.c.key == bindparam("b_key"))
    .values(
        request_hash=bindparam("b_hash"),
        status_code=bindparam("b_status"),
        response=bindparam("b_response"),
    )
)
event_put = EV.insert()
ticket_put = T.insert()
number_get = select(N.c.last).where(
    N.c.centre_id == bindparam("centre"),
    N.c.service_day == bindparam("day"),
    N.c.group_id == bindparam("grp"),
)
number_put = N.insert()
number_set = (
    N.update()
    .where(
        N.c.centre_id == bindparam("centre"),
        N.c.service_day == bindparam("day"),
        N.c.group_id == bindparam("grp"),
    )
    .values(last=bindparam("seq_no"))
)
ticket_get = select(T).where(T.c.id == bindparam("tid"), T.c.centre_id == bindparam("centre"))
counter_get = select(CS).where(
    CS.c.centre_id == bindparam("centre"), CS.c.counter_id == bindparam("counter")
)
paused_counters = select(CS.c.counter_id).where(
    CS.c.centre_id == bindparam("centre"), CS.c.paused.is_(True)
)
recent_durations = (
    select(T.c.finished_at - T.c.started_at)
    .where(
        T.c.centre_id == bindparam("centre"),
        T.c.service_id == bindparam("service"),
        T.c.status == Status.DONE.value,
        T.c.started_at.is_not(None),
    )
    .order_by(T.c.finished_at.desc())
    .limit(bindparam("n"))
)


def _ahead(by_counter: bool, priority: bool) -> object:
    """Waiting tickets of the same queue that will be called before a given one."""
    if by_counter:
        same_queue = T.c.target_counter_id == bindparam("target")
    else:
        same_queue = and_(T.c.target_counter_id.is_(None), T.c.service_id == bindparam("service"))
    earlier = or_(
        T.c.issued_at < bindparam("issued_at"),
        and_(T.c.issued_at == bindparam("issued_at"), T.c.seq_no < bindparam("seq_no")),
    )
    rule = (
        and_(T.c.priority.is_not(None), earlier)
        if priority
        else or_(T.c.priority.is_not(None), earlier)
    )
    return (
        select(func.count())
        .select_from(T)
        .where(
            T.c.centre_id == bindparam("centre"),
            T.c.status == Status.WAITING.value,
            T.c.service_day == bindparam("day"),
            same_queue,
            rule,  # strict "earlier", so the ticket never counts itself
        )
    )


ahead = {(c, p): _ahead(c, p) for c in (False, True) for p in (False, True)}


def _oldest(service_param: str | None, priority: bool) -> Select[Any]:
    """The oldest waiting ticket of one queue and one class.

    One queue per part (a service's own queue, or the tickets transferred to one
    counter), so SQLite and PostgreSQL walk the queue index in order and stop at the
    first row instead of sorting the whole queue.
    """
    if service_param is None:
        queue = T.c.target_counter_id == bindparam("counter")
    else:
        queue = and_(T.c.service_id == bindparam(service_param), T.c.target_counter_id.is_(None))
    klass = T.c.priority.is_not(None) if priority else T.c.priority.is_(None)
    return (
        select(T)
        .where(
            T.c.centre_id == bindparam("centre"),
            T.c.status == Status.WAITING.value,
            T.c.service_day == bindparam("day"),
            queue,
            klass,
        )
        .order_by(T.c.issued_at, T.c.seq_no, T.c.id)
        .limit(1)
    )


_candidates_cache: dict[int, CompoundSelect[Any]] = {}


def candidates(service_count: int) -> CompoundSelect[Any]:
    """Call-next's candidates in one round trip: the oldest priority and normal ticket of
    the counter's transferred-in queue and of each of its services (bound as
    `service_0`, `service_1`, ...)."""
    stmt = _candidates_cache.get(service_count)
    if stmt is None:
        names: list[str | None] = [None, *(f"service_{i}" for i in range(service_count))]
        parts = [
            select(_oldest(name, priority).subquery())
            for name in names
            for priority in (True, False)
        ]
        stmt = _candidates_cache[service_count] = union_all(*parts)
    return stmt


rating_of_ticket = select(R.c.id).where(R.c.ticket_id == bindparam("tid"))

DOMAIN_COLUMNS = (
    "service_id",
    "status",
    "priority",
    "counter_id",
    "target_counter_id",
    "officer_id",
    "called_at",
    "started_at",
    "finished_at",
    "no_show_at",
    "cancelled_at",
    "recall_count",
    "transfer_count",
)
"""The ticket columns a state change of queue_core may touch."""
TICKET_STATE_COLUMNS = (*DOMAIN_COLUMNS, "first_called_at")
ticket_state_set = (
    T.update()
    .where(T.c.id == bindparam("tid"))
    .values({c: bindparam(f"v_{c}") for c in TICKET_STATE_COLUMNS})
)
COUNTER_STATE_COLUMNS = (
    "paused",
    "current_ticket_id",
    "priority_streak",
    "officer_id",
    "updated_at",
)
counter_state_set = (
    CS.update()
    .where(CS.c.centre_id == bindparam("centre"), CS.c.counter_id == bindparam("counter"))
    .values({c: bindparam(f"v_{c}") for c in COUNTER_STATE_COLUMNS})
)
counter_state_put = CS.insert()
