"""Who is calling: device tokens, staff logins, roles and what each role may do.

Tokens are stored only as SHA-256 digests (they are 256-bit random, so a plain digest is
enough); staff passwords with scrypt. A short in-process cache keeps token checks off
the database on hot paths.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from .ids import new_id, new_secret_token
from .storage import schema
from .storage.database import Database


class Role(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    COUNTER = "counter"
    RATING = "rating"
    MANAGER = "manager"
    ADMIN = "admin"


class Permission(StrEnum):
    READ = "read"
    ISSUE = "issue"
    COUNTER = "counter"
    RATE = "rate"
    REPORT = "report"
    SEE_CITIZEN = "see_citizen"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.KIOSK: frozenset({Permission.READ, Permission.ISSUE}),
    Role.DISPLAY: frozenset({Permission.READ}),
    Role.COUNTER: frozenset({Permission.READ, Permission.COUNTER, Permission.SEE_CITIZEN}),
    Role.RATING: frozenset({Permission.READ, Permission.RATE}),
    Role.MANAGER: frozenset({Permission.READ, Permission.REPORT, Permission.SEE_CITIZEN}),
    Role.ADMIN: frozenset(Permission),
}
STAFF_ROLES = frozenset({Role.COUNTER, Role.MANAGER, Role.ADMIN})
SESSION_HOURS = 12


@dataclass(frozen=True, slots=True)
class Principal:
    centre_id: str
    role: Role
    name: str
    device_id: str | None = None
    staff_id: str | None = None
    counter_id: str | None = None
    """A device bound to one counter may act only for that counter."""

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]

    @property
    def officer_id(self) -> str | None:
        return self.staff_id


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**14, r=8, p=1)
    b64 = base64.b64encode
    return f"scrypt$16384$8$1${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt_b64, digest_b64 = stored.split("$")
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        got = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


class Authenticator:
    """Maps bearer tokens to principals; makes device tokens and staff sessions."""

    CACHE_S = 10.0

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, tuple[float, Principal | None]] = {}
        self._lock = threading.Lock()

    def principal(self, token: str) -> Principal | None:
        digest = token_digest(token)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(digest)
        if hit is not None and now - hit[0] < self.CACHE_S:
            return hit[1]
        found = self._lookup(digest)
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[digest] = (now, found)
        return found

    def _lookup(self, digest: str) -> Principal | None:
        d, s, st = schema.devices, schema.staff, schema.sessions
        with self.db.read() as conn:
            dev = conn.execute(
                select(d.c.id, d.c.centre_id, d.c.kind, d.c.name, d.c.counter_id).where(
                    d.c.token_hash == digest, d.c.revoked_at.is_(None)
                )
            ).first()
            if dev is not None:
                return Principal(
                    centre_id=dev.centre_id,
                    role=Role(dev.kind),
                    name=dev.name,
                    device_id=dev.id,
                    counter_id=dev.counter_id,
                )
            ses = conn.execute(
                select(s.c.id, s.c.centre_id, s.c.role, s.c.display_name, st.c.expires_at)
                .join(st, st.c.staff_id == s.c.id)
                .where(st.c.token_hash == digest, s.c.disabled_at.is_(None))
            ).first()
        if ses is None or ses.expires_at < time.time():
            return None
        return Principal(
            centre_id=ses.centre_id, role=Role(ses.role), name=ses.display_name, staff_id=ses.id
        )

    def add_device(
        self, centre_id: str, kind: Role, name: str, counter_id: str | None = None
    ) -> str:
        """Register a device; return its token (shown once, stored only as a digest)."""
        token = new_secret_token("xhd")
        with self.db.write() as conn:
            conn.execute(
                schema.devices.insert().values(
                    id=new_id(),
                    centre_id=centre_id,
                    kind=kind.value,
                    name=name,
                    token_hash=token_digest(token),
                    counter_id=counter_id,
                    created_at=time.time(),
                )
            )
        return token

    def add_staff(
        self, centre_id: str, username: str, display_name: str, role: Role, password: str
    ) -> str:
        if role not in STAFF_ROLES:
            raise ValueError(f"staff role must be one of {sorted(r.value for r in STAFF_ROLES)}")
        staff_id = new_id()
        with self.db.write() as conn:
            conn.execute(
                schema.staff.insert().values(
                    id=staff_id,
                    centre_id=centre_id,
                    username=username,
                    display_name=display_name,
                    role=role.value,
                    password_hash=hash_password(password),
                    created_at=time.time(),
                )
            )
        return staff_id

    def login(self, username: str, password: str) -> tuple[str, Role, float] | None:
        """A new session token for valid credentials, else None (same answer for both faults)."""
        s = schema.staff
        with self.db.read() as conn:
            row = conn.execute(
                select(s.c.id, s.c.centre_id, s.c.role, s.c.password_hash).where(
                    s.c.username == username, s.c.disabled_at.is_(None)
                )
            ).first()
        if row is None or not verify_password(password, row.password_hash):
            return None
        token = new_secret_token("xhs")
        expires = time.time() + SESSION_HOURS * 3600
        with self.db.write() as conn:
            conn.execute(
                schema.sessions.insert().values(
                    token_hash=token_digest(token),
                    staff_id=row.id,
                    centre_id=row.centre_id,
                    expires_at=expires,
                )
            )
        return token, Role(row.role), expires
