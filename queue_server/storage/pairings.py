"""The screen_pairings table: codes shown on TVs waiting for staff to pair them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from . import schema

P = schema.screen_pairings


def add(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(P.insert(), row)


def by_code(conn: Connection, code: str) -> Any:
    return conn.execute(select(P).where(P.c.code == bindparam("code")), {"code": code}).first()


def pending(conn: Connection, now: float) -> int:
    query = select(func.count()).where(P.c.expires_at > now, P.c.device_id.is_(None))
    return int(conn.execute(query).scalar_one())


def accept(conn: Connection, code: str, values: dict[str, Any]) -> None:
    conn.execute(update(P).where(P.c.code == code).values(**values))


def forget_expired(conn: Connection, now: float) -> None:
    conn.execute(delete(P).where(P.c.expires_at <= now))


def by_token(conn: Connection, digest: str) -> Any:
    query = select(P).where(P.c.token_hash == bindparam("digest"))
    return conn.execute(query, {"digest": digest}).first()
