"""Rows of the login back-off: failures and the time a key may try again."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select

from . import schema

LT = schema.login_throttle
_get = select(LT).where(LT.c.key.in_(bindparam("keys", expanding=True)))
_set = (
    LT.update()
    .where(LT.c.key == bindparam("k"))
    .values(failures=bindparam("f"), last_at=bindparam("at"), locked_until=bindparam("until"))
)
_forget = LT.delete().where(LT.c.key.in_(bindparam("keys", expanding=True)))


def get_many(conn: Connection, keys: list[str]) -> dict[str, dict[str, Any]]:
    return {r["key"]: dict(r) for r in conn.execute(_get, {"keys": keys}).mappings()}


def put(
    conn: Connection, key: str, failures: int, at: float, until: float, *, exists: bool
) -> None:
    if exists:
        conn.execute(_set, {"k": key, "f": failures, "at": at, "until": until})
    else:
        conn.execute(
            LT.insert(), {"key": key, "failures": failures, "last_at": at, "locked_until": until}
        )


def forget(conn: Connection, keys: list[str]) -> None:
    conn.execute(_forget, {"keys": keys})
