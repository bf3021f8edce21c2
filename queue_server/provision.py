"""The one place a database is opened for the server's use and provisioned: schema made
or upgraded, centres registered, device tokens and staff accounts created. The server,
the CLI, the demo, the simulator, the benchmarks and the tests all come through here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from queue_core.centre import CentreConfig

from .auth import Authenticator, Role
from .centres import register_centres
from .storage.database import Database

__all__ = ["DeviceSpec", "Role", "StaffSpec", "open_database", "provision"]


@dataclass(frozen=True)
class DeviceSpec:
    label: str
    """How the caller names the token it gets back (e.g. 'kiosk', 'counter-01')."""
    role: Role
    name: str
    counter_id: str | None = None
    centre_id: str | None = None
    """Default: the first centre."""


@dataclass(frozen=True)
class StaffSpec:
    username: str
    display_name: str
    role: Role
    password: str
    centre_id: str | None = None
    password_hash: str | None = None
    """Given: stored as it is (many accounts with one password are hashed once)."""


def open_database(url: str, centres: Sequence[CentreConfig]) -> Database:
    """The database with a current schema and these centres registered."""
    db = Database(url)
    db.ensure_schema()
    register_centres(db, centres)
    return db


def provision(
    db_url: str,
    centres: Sequence[CentreConfig],
    devices: Iterable[DeviceSpec] = (),
    staff: Iterable[StaffSpec] = (),
) -> dict[str, str]:
    """Open the database, add the devices (a fresh token each, returned by label) and the
    staff accounts (one already there is left as it is)."""
    db = open_database(db_url, centres)
    try:
        auth = Authenticator(db)
        first = centres[0].centre.id
        for s in staff:
            with contextlib.suppress(IntegrityError):  # the account exists from an earlier run
                auth.add_staff(
                    s.centre_id or first,
                    s.username,
                    s.display_name,
                    s.role,
                    s.password,
                    password_hash=s.password_hash,
                )
        return {
            d.label: auth.add_device(d.centre_id or first, d.role, d.name, d.counter_id)
            for d in devices
        }
    finally:
        db.dispose()
