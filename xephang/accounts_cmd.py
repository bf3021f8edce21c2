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
    pr = dsub.add_parser(
        "pair",
        help="Pair a TV by the code /screen/pair shows on it (it becomes a display).",
        description="Pair a browser display: open /screen/pair on the TV, then enter the "
        "six-digit code it shows here with the screen's label (and its zone).",
    )
    pr.add_argument("code", help="the code on the TV, e.g. 483920")
    pr.add_argument("--label", required=True, help="the screen's label, e.g. tv-1")
    pr.add_argument("--zone", default="", help="counter ids it shows, e.g. 01,02 (all if empty)")
    pr.add_argument("--name", default="", help="a name for the device list (default: TV <label>)")
    pr.add_argument("--db", default=DEFAULT_DB, help="database URL (default %(default)s)")
    pr.add_argument("--centre", action="append", metavar="FILE", help="centre config TOML")
    pr.add_argument("--centre-id", help="which centre when several files are given")
    pr.set_defaults(handler=run_devices_pair)


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


def run_devices_pair(args: argparse.Namespace) -> int:
    import time

    from pydantic import ValidationError

    from queue_core.contract import AcceptPairingIn
    from queue_core.errors import DomainError
    from queue_server.screen.pairing import accept_pairing

    from .configfile import load_centres

    centres = load_centres(args.centre)
    chosen = [c for c in centres if args.centre_id in (None, c.centre.id)]
    if len(chosen) != 1:
        print("xephang devices pair: name the centre with --centre-id", file=sys.stderr)
        return 2
    cfg = chosen[0]
    try:
        zone = [z for z in args.zone.split(",") if z]
        body = AcceptPairingIn(label=args.label, zone=zone, name=args.name)
        view = accept_pairing(
            _auth(args.db).db,
            cfg.centre.id,
            {c.id for c in cfg.counters},
            args.code,
            body,
            actor=None,
            now=time.time(),
        )
    except ValidationError as e:
        print(f"xephang devices pair: {e.errors()[0]['msg']}", file=sys.stderr)
        return 2
    except DomainError as e:
        print(f"xephang devices pair: {e.message}", file=sys.stderr)
        return 2
    print(f"Paired: the TV now opens {view.url} as a display of {cfg.centre.id}.")
    return 0
