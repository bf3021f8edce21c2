"""`xephang devices list|revoke` and `xephang staff disable`: what an IT team does when a
tablet is lost or an officer leaves. Revocation takes effect at once on every server
process (tokens are checked against the database on every request)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from .paths import DEFAULT_DB


def add_device_actions(dsub: Any) -> None:
    ls = dsub.add_parser(
        "list",
        help="List registered devices: id, kind, name, counter, last seen, revoked.",
        description="List every registered device (never their tokens).",
    )
    ls.add_argument("--db", default=DEFAULT_DB, help="database URL (default %(default)s)")
    ls.set_defaults(handler=run_devices_list)
    rv = dsub.add_parser(
        "revoke",
        help="Revoke a device's token at once (its open event streams close too).",
        description="Revoke a device by the id `xephang devices list` shows.",
    )
    rv.add_argument("device_id")
    rv.add_argument("--db", default=DEFAULT_DB, help="database URL (default %(default)s)")
    rv.set_defaults(handler=run_devices_revoke)


def add_staff_actions(ssub: Any) -> None:
    ds = ssub.add_parser(
        "disable",
        help="Disable a staff account and end its sessions at once.",
        description="Disable a staff account; its sessions stop working on every server.",
    )
    ds.add_argument("--username", required=True)
    ds.add_argument("--db", default=DEFAULT_DB, help="database URL (default %(default)s)")
    ds.set_defaults(handler=run_staff_disable)


def _auth(db_url: str) -> Any:
    from queue_server.auth import Authenticator
    from queue_server.storage.database import Database

    db = Database(db_url)
    db.ensure_schema()
    return Authenticator(db)


def _when(epoch: float | None) -> str:
    return datetime.fromtimestamp(epoch).strftime("%d/%m/%Y %H:%M") if epoch else "—"


def run_devices_list(args: argparse.Namespace) -> int:
    rows = _auth(args.db).devices()
    print(f"{'id':32}  {'kind':8} {'counter':7} {'last seen':16} {'revoked':16} name")
    for d in rows:
        print(
            f"{d['id']:32}  {d['kind']:8} {d['counter_id'] or '—':7} "
            f"{_when(d['last_seen_at']):16} {_when(d['revoked_at']):16} {d['name']}"
        )
    return 0


def run_devices_revoke(args: argparse.Namespace) -> int:
    if not _auth(args.db).revoke_device(args.device_id):
        print(f"xephang devices revoke: no active device {args.device_id}", file=sys.stderr)
        return 2
    print(f"Revoked device {args.device_id}: its token no longer works.")
    return 0


def run_staff_disable(args: argparse.Namespace) -> int:
    if not _auth(args.db).disable_staff(args.username):
        print(f"xephang staff disable: no active account '{args.username}'", file=sys.stderr)
        return 2
    print(f"Disabled '{args.username}'; their sessions have ended.")
    return 0
