"""Who is calling: device tokens and staff logins, mapped to principals.

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

from ..ids import new_id, new_secret_token
from ..storage import accounts
from ..storage.database import Database
from .roles import SESSION_HOURS, STAFF_ROLES, Principal, Role


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
        with self.db.read() as conn:
            dev = accounts.device_by_token(conn, digest)
            if dev is not None:
                return Principal(
                    centre_id=dev.centre_id,
                    role=Role(dev.kind),
                    name=dev.name,
                    device_id=dev.id,
                    counter_id=dev.counter_id,
                )
            ses = accounts.session_by_token(conn, digest)
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
            accounts.add_device(
                conn,
                {
                    "id": new_id(),
                    "centre_id": centre_id,
                    "kind": kind.value,
                    "name": name,
                    "token_hash": token_digest(token),
                    "counter_id": counter_id,
                    "created_at": time.time(),
                },
            )
        return token

    def add_staff(
        self, centre_id: str, username: str, display_name: str, role: Role, password: str
    ) -> str:
        if role not in STAFF_ROLES:
            raise ValueError(f"staff role must be one of {sorted(r.value for r in STAFF_ROLES)}")
        staff_id = new_id()
        with self.db.write() as conn:
            accounts.add_staff(
                conn,
                {
                    "id": staff_id,
                    "centre_id": centre_id,
                    "username": username,
                    "display_name": display_name,
                    "role": role.value,
                    "password_hash": hash_password(password),
                    "created_at": time.time(),
                },
            )
        return staff_id

    def login(self, username: str, password: str) -> tuple[str, Role, float] | None:
        """A new session token for valid credentials, else None (same answer for both faults)."""
        with self.db.read() as conn:
            row = accounts.staff_by_username(conn, username)
        if row is None or not verify_password(password, row.password_hash):
            return None
        token = new_secret_token("xhs")
        expires = time.time() + SESSION_HOURS * 3600
        with self.db.write() as conn:
            accounts.add_session(
                conn,
                {
                    "token_hash": token_digest(token),
                    "staff_id": row.id,
                    "centre_id": row.centre_id,
                    "expires_at": expires,
                },
            )
        return token, Role(row.role), expires
