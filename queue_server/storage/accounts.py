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
    select(
        S.c.id,
        S.c.centre_id,
        S.c.role,
        S.c.display_name,
        SES.c.expires_at,
        SES.c.counter_id,
    )
    .join(SES, SES.c.staff_id == S.c.id)
    .where(
        SES.c.token_hash == bindparam("digest"),
        SES.c.revoked_at.is_(None),
        S.c.disabled_at.is_(None),
    )
)
_valid_devices = select(D.c.token_hash).where(
    D.c.token_hash.in_(bindparam("digests", expanding=True)), D.c.revoked_at.is_(None)
)
_valid_sessions = (
    select(SES.c.token_hash)
    .join(S, SES.c.staff_id == S.c.id)
    .where(
        SES.c.token_hash.in_(bindparam("digests", expanding=True)),
        SES.c.revoked_at.is_(None),
        SES.c.expires_at >= bindparam("now"),
        S.c.disabled_at.is_(None),
    )
)
_staff_by_username = select(
    S.c.id, S.c.centre_id, S.c.role, S.c.display_name, S.c.password_hash
).where(S.c.username == bindparam("username"), S.c.disabled_at.is_(None))
_end_session = (
    SES.update()
    .where(SES.c.token_hash == bindparam("digest"), SES.c.revoked_at.is_(None))
    .values(revoked_at=bindparam("now"))
)
_end_sessions_of = (
    SES.update()
    .where(SES.c.staff_id == bindparam("sid"), SES.c.revoked_at.is_(None))
    .values(revoked_at=bindparam("now"))
)
_revoke_device = (
    D.update()
    .where(D.c.id == bindparam("did"), D.c.revoked_at.is_(None))
    .values(revoked_at=bindparam("now"))
)
_disable_staff = (
    S.update()
    .where(S.c.username == bindparam("b_username"), S.c.disabled_at.is_(None))
    .values(disabled_at=bindparam("now"))
)
_staff_id_of = select(S.c.id, S.c.centre_id, S.c.display_name).where(
    S.c.username == bindparam("username")
)
_set_password = S.update().where(S.c.id == bindparam("sid")).values(password_hash=bindparam("h"))
_device_centre = select(D.c.centre_id).where(D.c.id == bindparam("did"))
_devices = select(
    D.c.id,
    D.c.centre_id,
    D.c.kind,
    D.c.name,
    D.c.counter_id,
    D.c.created_at,
    D.c.revoked_at,
    D.c.last_seen_at,
    D.c.health_json,
).order_by(D.c.centre_id, D.c.created_at)
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


def valid_tokens(conn: Connection, digests: list[str], now: float) -> set[str]:
    """Which of these token digests still open a device or a live staff session."""
    found = {r[0] for r in conn.execute(_valid_devices, {"digests": digests})}
    rest = [d for d in digests if d not in found]
    if rest:
        found |= {r[0] for r in conn.execute(_valid_sessions, {"digests": rest, "now": now})}
    return found


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


def end_session(conn: Connection, digest: str, now: float) -> bool:
    return bool(conn.execute(_end_session, {"digest": digest, "now": now}).rowcount)


def revoke_device(conn: Connection, device_id: str, now: float) -> bool:
    return bool(conn.execute(_revoke_device, {"did": device_id, "now": now}).rowcount)


def disable_staff(conn: Connection, username: str, now: float) -> Any:
    """Disable the account and end its sessions; its row (id, centre, name) or None."""
    row = conn.execute(_staff_id_of, {"username": username}).first()
    if (
        row is None
        or not conn.execute(_disable_staff, {"b_username": username, "now": now}).rowcount
    ):
        return None
    conn.execute(_end_sessions_of, {"sid": row.id, "now": now})
    return row


def set_password_hash(conn: Connection, staff_id: str, password_hash: str) -> None:
    conn.execute(_set_password, {"sid": staff_id, "h": password_hash})


def devices(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(_devices).mappings()]


def device_centre(conn: Connection, device_id: str) -> str | None:
    value = conn.execute(_device_centre, {"did": device_id}).scalar()
    return None if value is None else str(value)
