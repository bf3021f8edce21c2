"""The audit log: who did what, when, from where. Written in the same transaction as
the command it records, so the log and the queue never disagree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select

from . import schema

A = schema.audit
_put = A.insert()
_between = (
    select(A)
    .where(
        A.c.centre_id == bindparam("centre"),
        A.c.at >= bindparam("start"),
        A.c.at < bindparam("end"),
    )
    .order_by(A.c.at.desc())
    .limit(bindparam("n"))
)


def put(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(_put, row)


def between(
    conn: Connection, centre_id: str, start: float, end: float, limit: int
) -> list[dict[str, Any]]:
    params = {"centre": centre_id, "start": start, "end": end, "n": limit}
    return [dict(r) for r in conn.execute(_between, params).mappings()]
