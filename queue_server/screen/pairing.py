"""Pairing a TV by a code it shows: the TV makes its own display token and sends it
once; staff enter the code (console, CLI) with the screen's label; the token becomes a
display device of their centre. The server keeps only the token's digest, so no token
ever sits in the database or on the staff's screen."""

from __future__ import annotations

import secrets
from typing import Any

from queue_core.clock import iso_local
from queue_core.contract import AcceptPairingIn, PairingIn, PairingView
from queue_core.errors import Conflict, Invalid, NotFound

from ..audit.record import record
from ..auth import Principal, Role, token_digest
from ..http.errors import RateLimited
from ..ids import new_id
from ..storage import accounts, pairings
from ..storage.database import Database

PAIRING_S = 600.0
"""A code is good for ten minutes."""
MAX_PENDING = 100
"""Codes waiting at once, installation-wide: a flood of requests cannot fill the table."""


def _view(row: Any, now: float) -> PairingView:
    code, label, zone = row.code, row.label, row.zone
    if row.device_id:
        query = f"?zone={zone}" if zone else ""
        return PairingView(code=code, state="paired", label=label, url=f"/screen/{label}{query}")
    expires = float(row.expires_at)
    state = "waiting" if expires > now else "expired"
    return PairingView(code=code, state=state, expires_at=iso_local(expires))


def start_pairing(db: Database, body: PairingIn, now: float) -> PairingView:
    digest = token_digest(body.token)
    with db.write() as conn:
        pairings.forget_expired(conn, now)
        mine = pairings.by_token(conn, digest)
        if mine is not None:  # the TV asked again (a reload): the same code
            return _view(mine, now)
        if pairings.pending(conn, now) >= MAX_PENDING:
            raise RateLimited(
                "too_many_pairings",
                "Quá nhiều màn hình đang chờ ghép nối; vui lòng thử lại sau",
                "Too many screens waiting to be paired; try again later",
                60,
            )
        code = f"{secrets.randbelow(10**6):06d}"
        while pairings.by_code(conn, code) is not None:
            code = f"{secrets.randbelow(10**6):06d}"
        row = {"code": code, "token_hash": digest, "created_at": now, "expires_at": now + PAIRING_S}
        pairings.add(conn, row)
        return PairingView(code=code, state="waiting", expires_at=iso_local(now + PAIRING_S))


def pairing_state(db: Database, code: str, token: str, now: float) -> PairingView | None:
    """What the TV holding `token` learns of its code; None for anyone else."""
    with db.read() as conn:
        row = pairings.by_code(conn, code)
    if row is None or not secrets.compare_digest(row.token_hash, token_digest(token)):
        return None
    return _view(row, now)


def accept_pairing(
    db: Database,
    centre_id: str,
    counters: set[str],
    code: str,
    body: AcceptPairingIn,
    *,
    actor: Principal | None,
    now: float,
) -> PairingView:
    """The code a TV shows becomes a display of `centre_id` (audited)."""
    unknown = sorted(set(body.zone) - counters)
    if unknown:
        raise Invalid(
            "unknown_counter",
            f"Không có quầy {', '.join(unknown)} ở trung tâm này",
            f"No counter {', '.join(unknown)} in this centre",
        )
    code = code.replace(" ", "")
    with db.write() as conn:
        row = pairings.by_code(conn, code)
        if row is None or (row.device_id is None and row.expires_at <= now):
            raise NotFound(
                "unknown_pairing",
                "Không có mã ghép nối này, hoặc mã đã hết hạn (10 phút): xem mã mới trên TV",
                "No such pairing code, or it expired (10 minutes): read the new code on the TV",
            )
        if row.device_id is not None:
            raise Conflict(
                "already_paired", "Mã này đã được ghép nối", "This code is paired already"
            )
        device_id, name = new_id(), body.name or f"TV {body.label}"
        device = {
            "id": device_id,
            "centre_id": centre_id,
            "kind": Role.DISPLAY.value,
            "name": name,
            "token_hash": row.token_hash,
            "counter_id": None,
            "created_at": now,
        }
        accounts.add_device(conn, device)
        zone = ",".join(body.zone) or None
        values = {"centre_id": centre_id, "device_id": device_id, "label": body.label, "zone": zone}
        pairings.accept(conn, code, values)
        detail = f"display: {name} · /screen/{body.label}" + (f"?zone={zone}" if zone else "")
        record(conn, centre_id, now, "device.paired", actor=actor, target=device_id, detail=detail)
        row = pairings.by_code(conn, code)
    return _view(row, now)
