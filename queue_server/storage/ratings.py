"""Ratings, one per ticket."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select

from . import schema

R = schema.ratings
_of_ticket = select(R.c.id).where(R.c.ticket_id == bindparam("tid"))
_put = R.insert()


def exists_for(conn: Connection, ticket_id: str) -> bool:
    return conn.execute(_of_ticket, {"tid": ticket_id}).first() is not None


def put(conn: Connection, rating: dict[str, Any]) -> None:
    conn.execute(_put, rating)


def of_tickets(conn: Connection, ticket_ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ticket_ids), 500):
        part = select(R).where(R.c.ticket_id.in_(ticket_ids[i : i + 500]))
        for r in conn.execute(part).mappings():
            out[r["ticket_id"]] = dict(r)
    return out
