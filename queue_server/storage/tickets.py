"""Ticket rows: insert, read, state changes, the queues call-next reads, and the counts
behind a position. Hot statements are built once with bound parameters (building a Core
statement costs more than running it on SQLite)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    and_,
    bindparam,
    func,
    or_,
    select,
    union_all,
)

from queue_core.tickets import Status

from . import schema

T = schema.tickets
OPEN = (Status.CALLED.value, Status.SERVING.value)

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
    "from_counter_id",
)
"""The ticket columns a state change of queue_core may touch."""
STATE_COLUMNS = (*DOMAIN_COLUMNS, "first_called_at", "call_rule", "call_reason")
CITIZEN_COLUMNS = ("citizen_name", "citizen_id_masked", "citizen_birth_year", "citizen_purge_at")

_put = T.insert()
_get = select(T).where(T.c.id == bindparam("tid"), T.c.centre_id == bindparam("centre"))
_by_ids = select(T).where(T.c.id.in_(bindparam("ids", expanding=True)))
_by_token = select(T).where(T.c.public_token == bindparam("token"))
_by_number = select(T).where(
    T.c.centre_id == bindparam("centre"),
    T.c.service_day == bindparam("day"),
    T.c.number == bindparam("number"),
)
_set_state = (
    T.update()
    .where(T.c.id == bindparam("tid"))
    .values({c: bindparam(f"v_{c}") for c in STATE_COLUMNS})
)
_renumber = (
    T.update()
    .where(T.c.id == bindparam("tid"))
    .values(
        number=bindparam("v_number"),
        group_id=bindparam("v_group_id"),
        seq_no=bindparam("v_seq_no"),
        issued_offline=True,
    )
)
_waiting = (
    select(T.c.id, T.c.number, T.c.service_id, T.c.priority, T.c.target_counter_id)
    .where(
        T.c.centre_id == bindparam("centre"),
        T.c.status == Status.WAITING.value,
        T.c.service_day == bindparam("day"),
    )
    .order_by(T.c.priority.is_(None), T.c.issued_at, T.c.seq_no)
)
_recent_durations = (
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
_left_open = select(T).where(
    T.c.centre_id == bindparam("centre"),
    T.c.service_day < bindparam("day"),
    T.c.status.in_((Status.WAITING.value, *OPEN)),
)
_centres_left_open = (
    select(T.c.centre_id)
    .where(
        T.c.centre_id.in_(bindparam("centres", expanding=True)),
        T.c.service_day < bindparam("day"),
        T.c.status.in_((Status.WAITING.value, *OPEN)),
    )
    .distinct()
)
_purge_citizens = (
    T.update()
    .where(T.c.citizen_purge_at.is_not(None), T.c.citizen_purge_at <= bindparam("now"))
    .values({c: None for c in CITIZEN_COLUMNS})
)
_in_days = select(T).where(
    T.c.centre_id == bindparam("centre"),
    T.c.service_day >= bindparam("first"),
    T.c.service_day <= bindparam("last"),
)


def _ahead(by_counter: bool, priority: bool) -> Select[Any]:
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


_ahead_of = {(c, p): _ahead(c, p) for c in (False, True) for p in (False, True)}


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


def _candidates(service_count: int) -> CompoundSelect[Any]:
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


Row = dict[str, Any]


def put(conn: Connection, row: Row) -> None:
    conn.execute(_put, row)


def get(conn: Connection, centre_id: str, ticket_id: str) -> Row | None:
    row = conn.execute(_get, {"tid": ticket_id, "centre": centre_id}).mappings().first()
    return dict(row) if row is not None else None


def by_ids(conn: Connection, ids: list[str]) -> dict[str, Row]:
    if not ids:
        return {}
    return {r["id"]: dict(r) for r in conn.execute(_by_ids, {"ids": ids}).mappings()}


def by_public_token(conn: Connection, token: str) -> Row | None:
    row = conn.execute(_by_token, {"token": token}).mappings().first()
    return dict(row) if row is not None else None


def by_number(conn: Connection, centre_id: str, day: str, number: str) -> list[Row]:
    params = {"centre": centre_id, "day": day, "number": number}
    return [dict(r) for r in conn.execute(_by_number, params).mappings()]


def set_state(conn: Connection, row: Mapping[str, Any]) -> None:
    """Write the state columns of `row` (already updated in memory)."""
    conn.execute(_set_state, {"tid": row["id"], **{f"v_{c}": row[c] for c in STATE_COLUMNS}})


def renumber(conn: Connection, ticket_id: str, number: str, group_id: str, seq_no: int) -> None:
    conn.execute(
        _renumber,
        {"tid": ticket_id, "v_number": number, "v_group_id": group_id, "v_seq_no": seq_no},
    )


def candidates(
    conn: Connection, centre_id: str, day: str, counter_id: str, services: list[str]
) -> dict[str, Row]:
    """Call-next's candidates in one round trip: the oldest priority and normal ticket of
    the counter's transferred-in queue and of each of its services."""
    params: dict[str, Any] = {"centre": centre_id, "day": day, "counter": counter_id}
    params.update({f"service_{i}": sid for i, sid in enumerate(services)})
    rows = conn.execute(_candidates(len(services)), params).mappings()
    return {row["id"]: dict(row) for row in rows}


def count_ahead(conn: Connection, row: Mapping[str, Any]) -> int:
    stmt = _ahead_of[(bool(row["target_counter_id"]), bool(row["priority"]))]
    params = {
        "centre": row["centre_id"],
        "day": row["service_day"],
        "target": row["target_counter_id"],
        "service": row["service_id"],
        "issued_at": row["issued_at"],
        "seq_no": row["seq_no"],
    }
    return int(conn.execute(stmt, params).scalar_one())


def recent_durations(conn: Connection, centre_id: str, service_id: str, n: int) -> list[float]:
    params = {"centre": centre_id, "service": service_id, "n": n}
    return [float(d) for d in conn.execute(_recent_durations, params).scalars()]


def waiting(conn: Connection, centre_id: str, day: str) -> list[Any]:
    """Today's waiting tickets in call order (priority first, then oldest)."""
    return list(conn.execute(_waiting, {"centre": centre_id, "day": day}).all())


def left_open(conn: Connection, centre_id: str, before_day: str) -> list[Row]:
    params = {"centre": centre_id, "day": before_day}
    return [dict(r) for r in conn.execute(_left_open, params).mappings()]


def centres_left_open(conn: Connection, centre_ids: list[str], before_day: str) -> set[str]:
    """Which of these centres have tickets a day before `before_day` left open."""
    params = {"centres": centre_ids, "day": before_day}
    return {r[0] for r in conn.execute(_centres_left_open, params)}


def purge_citizens(conn: Connection, now: float) -> int:
    """Forget name, masked number and birth year of tickets past their retention."""
    return int(conn.execute(_purge_citizens, {"now": now}).rowcount)


def in_days(conn: Connection, centre_id: str, first: str, last: str) -> list[Row]:
    params = {"centre": centre_id, "first": first, "last": last}
    return [dict(r) for r in conn.execute(_in_days, params).mappings()]
