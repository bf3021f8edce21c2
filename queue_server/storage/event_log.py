"""The event log: one row per event, numbered per centre without gaps."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select

from queue_core.contract import CALL_EVENTS

from . import schema

EV = schema.events
_put = EV.insert()
_after = (
    select(EV.c.seq, EV.c.type, EV.c.payload)
    .where(EV.c.centre_id == bindparam("centre"), EV.c.seq > bindparam("after"))
    .order_by(EV.c.seq)
    .limit(bindparam("n"))
)
_recent_calls = (
    select(EV.c.payload, EV.c.seq)
    .where(EV.c.centre_id == bindparam("centre"), EV.c.type.in_([k.value for k in CALL_EVENTS]))
    .order_by(EV.c.seq.desc())
    .limit(bindparam("n"))
)

_of_kind_between = (
    select(EV.c.seq, EV.c.payload)
    .where(
        EV.c.centre_id == bindparam("centre"),
        EV.c.type == bindparam("kind"),
        EV.c.created_at >= bindparam("start"),
        EV.c.created_at < bindparam("end"),
    )
    .order_by(EV.c.seq)
)

EventRows = list[tuple[int, str, str]]


EventRow = dict[str, object]
"""One row to append: centre_id, seq, type, ticket_id, counter_id, payload, created_at."""


def append(conn: Connection, rows: list[EventRow]) -> None:
    """A transaction's events in one statement (one round trip however many)."""
    if rows:
        conn.execute(_put, rows)


def after(conn: Connection, centre_id: str, seq: int, limit: int) -> EventRows:
    rows = conn.execute(_after, {"centre": centre_id, "after": seq, "n": limit}).all()
    return [(int(r.seq), r.type, r.payload) for r in rows]


def recent_calls(conn: Connection, centre_id: str, limit: int) -> list[tuple[str, int]]:
    """(payload JSON, seq) of the newest calls, newest first."""
    rows = conn.execute(_recent_calls, {"centre": centre_id, "n": limit}).all()
    return [(r.payload, int(r.seq)) for r in rows]


def of_kind_between(
    conn: Connection, centre_id: str, kind: str, start: float, end: float
) -> list[tuple[int, str]]:
    """(seq, payload JSON) of one kind of event logged between two instants."""
    params = {"centre": centre_id, "kind": kind, "start": start, "end": end}
    return [(int(r.seq), r.payload) for r in conn.execute(_of_kind_between, params)]
