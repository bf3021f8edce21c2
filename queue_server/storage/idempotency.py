"""Stored first answers per idempotency key, so a retried command is answered, not redone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select

from . import schema

IDEM = schema.idempotency
_get = select(IDEM.c.endpoint, IDEM.c.request_hash, IDEM.c.response).where(
    IDEM.c.centre_id == bindparam("centre"), IDEM.c.key == bindparam("key")
)
_put = IDEM.insert()
_amend = (
    IDEM.update()
    .where(IDEM.c.centre_id == bindparam("centre"), IDEM.c.key == bindparam("b_key"))
    .values(request_hash=bindparam("b_hash"), response=bindparam("b_response"))
)
_older = IDEM.delete().where(IDEM.c.created_at < bindparam("before"))


def get(conn: Connection, centre_id: str, key: str) -> Any:
    """The stored row (endpoint, request_hash, response) or None."""
    return conn.execute(_get, {"centre": centre_id, "key": key}).first()


def put(
    conn: Connection,
    centre_id: str,
    key: str,
    endpoint: str,
    request_hash: str,
    response_json: str | None,
    now: float,
) -> None:
    conn.execute(
        _put,
        {
            "centre_id": centre_id,
            "key": key,
            "endpoint": endpoint,
            "request_hash": request_hash,
            "status_code": 200 if response_json is not None else 204,
            "response": response_json,
            "created_at": now,
        },
    )


def amend(
    conn: Connection, centre_id: str, key: str, request_hash: str, response_json: str
) -> None:
    conn.execute(
        _amend,
        {"centre": centre_id, "b_key": key, "b_hash": request_hash, "b_response": response_json},
    )


def forget_older_than(conn: Connection, before: float) -> int:
    return int(conn.execute(_older, {"before": before}).rowcount)
