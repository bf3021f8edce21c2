"""Who may call the server: device rows, staff accounts and their sessions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select

from . import schema

D, S, SES = schema.devices, schema.staff, schema.sessions

_device_by_token = select(D.c.id, D.c.centre_id, D.c.kind, D.c.name, D.c.counter_id).where(
    D.c.token_hash == bindparam("digest"), D.c.revoked_at.is_(None)
)
_session_by_token = (
    select(S.c.id, S.c.centre_id, S.c.role, S.c.display_name, SES.c.expires_at)
    .join(SES, SES.c.staff_id == S.c.id)
    .where(SES.c.token_hash == bindparam("digest"), S.c.disabled_at.is_(None))
)
_staff_by_username = select(S.c.id, S.c.centre_id, S.c.role, S.c.password_hash).where(
    S.c.username == bindparam("username"), S.c.disabled_at.is_(None)
)
_staff_names = select(S.c.id, S.c.display_name).where(S.c.centre_id == bindparam("centre"))
_set_health = (
    D.update()
    .where(D.c.id == bindparam("did"))
    .values(health_json=bindparam("v_health"), last_seen_at=bindparam("v_now"))
)


def device_by_token(conn: Connection, digest: str) -> Any:
    return conn.execute(_device_by_token, {"digest": digest}).first()


def session_by_token(conn: Connection, digest: str) -> Any:
    return conn.execute(_session_by_token, {"digest": digest}).first()


def staff_by_username(conn: Connection, username: str) -> Any:
    return conn.execute(_staff_by_username, {"username": username}).first()


def staff_names(conn: Connection, centre_id: str) -> dict[str, str]:
    return {r.id: r.display_name for r in conn.execute(_staff_names, {"centre": centre_id})}


def add_device(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(D.insert(), row)


def add_staff(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(S.insert(), row)


def add_session(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(SES.insert(), row)


def set_device_health(conn: Connection, device_id: str, health_json: str, now: float) -> None:
    conn.execute(_set_health, {"did": device_id, "v_health": health_json, "v_now": now})
