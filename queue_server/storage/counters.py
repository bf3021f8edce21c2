"""Counter state rows: paused or open, the ticket at the counter, the priority streak."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select

from . import schema

CS = schema.counter_state
COLUMNS = ("paused", "current_ticket_id", "priority_streak", "officer_id", "updated_at")
_get = select(CS).where(
    CS.c.centre_id == bindparam("centre"), CS.c.counter_id == bindparam("counter")
)
_of_centre = select(CS).where(CS.c.centre_id == bindparam("centre"))
_paused = select(CS.c.counter_id).where(
    CS.c.centre_id == bindparam("centre"), CS.c.paused.is_(True)
)
_put = CS.insert()
_set = (
    CS.update()
    .where(CS.c.centre_id == bindparam("centre"), CS.c.counter_id == bindparam("counter"))
    .values({c: bindparam(f"v_{c}") for c in COLUMNS})
)
_release = (
    CS.update()
    .where(
        CS.c.centre_id == bindparam("centre"),
        CS.c.counter_id == bindparam("counter"),
        CS.c.current_ticket_id == bindparam("tid"),
    )
    .values(current_ticket_id=None, updated_at=bindparam("now"))
)

Row = dict[str, Any]


def get_or_create(conn: Connection, centre_id: str, counter_id: str, now: float) -> Row:
    row = conn.execute(_get, {"centre": centre_id, "counter": counter_id}).mappings().first()
    if row is not None:
        return dict(row)
    fresh: Row = {
        "centre_id": centre_id,
        "counter_id": counter_id,
        "paused": False,
        "current_ticket_id": None,
        "priority_streak": 0,
        "officer_id": None,
        "updated_at": now,
    }
    conn.execute(_put, fresh)
    return fresh


def save(conn: Connection, row: Row) -> None:
    conn.execute(
        _set,
        {
            "centre": row["centre_id"],
            "counter": row["counter_id"],
            **{f"v_{c}": row[c] for c in COLUMNS},
        },
    )


def release(conn: Connection, centre_id: str, counter_id: str, ticket_id: str, now: float) -> None:
    """The counter no longer holds this ticket (if it still did)."""
    conn.execute(
        _release, {"centre": centre_id, "counter": counter_id, "tid": ticket_id, "now": now}
    )


def of_centre(conn: Connection, centre_id: str) -> dict[str, Row]:
    return {
        r["counter_id"]: dict(r) for r in conn.execute(_of_centre, {"centre": centre_id}).mappings()
    }


def paused(conn: Connection, centre_id: str) -> set[str]:
    return set(conn.execute(_paused, {"centre": centre_id}).scalars())
