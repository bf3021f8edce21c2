"""Writing an audit entry: who (a staff member, a device, the command line), what, on
what, and from which address. Never a password, never citizen data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

from ..ids import new_id
from ..storage import audit_log

if TYPE_CHECKING:  # at run time: auth imports this module, not the other way round
    from ..auth.roles import Principal


def record(
    conn: Connection,
    centre_id: str,
    now: float,
    action: str,
    *,
    actor: Principal | None = None,
    actor_name: str = "",
    target: str | None = None,
    detail: str = "",
    client: str | None = None,
) -> None:
    if actor is not None:
        kind = "staff" if actor.staff_id else "device"
        actor_id, name = actor.staff_id or actor.device_id, actor.name
    else:
        kind, actor_id, name = "cli", None, actor_name or "xephang"
    audit_log.put(
        conn,
        {
            "id": new_id(),
            "centre_id": centre_id,
            "at": now,
            "actor_kind": kind,
            "actor_id": actor_id,
            "actor_name": name[:200],
            "action": action,
            "target": target,
            "detail": detail[:500],
            "client": client,
        },
    )
