"""Who is calling: device tokens and staff logins, mapped to principals.

Tokens are stored only as SHA-256 digests (they are 256-bit random, so a plain digest is
enough); staff passwords with scrypt (auth.passwords). Every request looks its token up
in the database: a revoked device or a logged-out session stops working at once on
every server process, with no cache to outlive it.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from ..audit.record import record
from ..ids import new_id, new_secret_token
from ..storage import accounts
from ..storage.database import Database
from .passwords import burn_like_a_check, hash_password, needs_rehash, verify_password
from .roles import SESSION_HOURS, STAFF_ROLES, Principal, Role
from .throttle import ADDRESS, USERNAME, LoginThrottle


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class LoginThrottled(Exception):
    """Too many failures lately for this username or address: wait `wait_s`."""

    def __init__(self, wait_s: float) -> None:
        super().__init__(f"wait {wait_s:.0f} s")
        self.wait_s = wait_s


@dataclass(frozen=True)
class Session:
    token: str
    role: Role
    expires_at: float
    name: str = ""


class Authenticator:
    """Maps bearer tokens to principals; makes device tokens and staff sessions."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.throttle = LoginThrottle(db)

    def principal(self, token: str) -> Principal | None:
        digest = token_digest(token)
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
            centre_id=ses.centre_id,
            role=Role(ses.role),
            name=ses.display_name,
            staff_id=ses.id,
            counter_id=ses.counter_id,
        )

    def still_valid(self, digests: list[str]) -> set[str]:
        """The digests among these whose token still opens the API (open streams are
        checked this way, all at once, instead of one query per stream)."""
        with self.db.read() as conn:
            return accounts.valid_tokens(conn, digests, time.time())

    def add_device(
        self, centre_id: str, kind: Role, name: str, counter_id: str | None = None
    ) -> str:
        """Register a device; return its token (shown once, stored only as a digest)."""
        token = new_secret_token("xhd")
        now = time.time()
        device_id = new_id()
        with self.db.write() as conn:
            accounts.add_device(
                conn,
                {
                    "id": device_id,
                    "centre_id": centre_id,
                    "kind": kind.value,
                    "name": name,
                    "token_hash": token_digest(token),
                    "counter_id": counter_id,
                    "created_at": now,
                },
            )
            record(
                conn,
                centre_id,
                now,
                "device.added",
                target=device_id,
                detail=f"{kind.value}: {name}",
            )
        return token

    def add_staff(
        self,
        centre_id: str,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        *,
        password_hash: str | None = None,
    ) -> str:
        """`password_hash` instead of hashing `password` again (a provisioning tool that
        makes many accounts with one password hashes it once)."""
        if role not in STAFF_ROLES:
            raise ValueError(f"staff role must be one of {sorted(r.value for r in STAFF_ROLES)}")
        staff_id = new_id()
        now = time.time()
        with self.db.write() as conn:
            accounts.add_staff(
                conn,
                {
                    "id": staff_id,
                    "centre_id": centre_id,
                    "username": username,
                    "display_name": display_name,
                    "role": role.value,
                    "password_hash": password_hash or hash_password(password),
                    "created_at": now,
                },
            )
            record(conn, centre_id, now, "staff.added", target=username, detail=role.value)
        return staff_id

    def login(
        self,
        username: str,
        password: str,
        *,
        counter_id: str | None = None,
        client: str | None = None,
        now: float | None = None,
    ) -> Session | None:
        """A new session for valid credentials, else None (the same answer, after the same
        work, for a wrong password and an unknown user). Raises LoginThrottled."""
        now = time.time() if now is None else now
        keys = [(f"user:{username.lower()}", USERNAME)]
        if client:
            keys.append((f"addr:{client}", ADDRESS))
        waiting = self.throttle.wait_s(keys, now)
        if waiting > 0:
            raise LoginThrottled(waiting)
        with self.db.read() as conn:
            row = accounts.staff_by_username(conn, username)
        if row is None:
            burn_like_a_check(password)
            ok = False
        else:
            ok = verify_password(password, row.password_hash)
        if not ok:
            self.throttle.failed(keys, time.time())  # the wait runs from the answer, not the ask
            if row is not None:
                with self.db.write() as conn:
                    record(
                        conn, row.centre_id, now, "login.failed", actor_name=username, client=client
                    )
            return None
        self.throttle.succeeded([k for k, _ in keys])
        token = new_secret_token("xhs")
        expires = now + SESSION_HOURS * 3600
        with self.db.write() as conn:
            accounts.add_session(
                conn,
                {
                    "token_hash": token_digest(token),
                    "staff_id": row.id,
                    "centre_id": row.centre_id,
                    "expires_at": expires,
                    "counter_id": counter_id,
                },
            )
            if needs_rehash(row.password_hash):
                accounts.set_password_hash(conn, row.id, hash_password(password))
            who = Principal(row.centre_id, Role(row.role), row.display_name, staff_id=row.id)
            where = f"quầy {counter_id}" if counter_id else ""
            record(conn, row.centre_id, now, "login", actor=who, detail=where, client=client)
        return Session(token, Role(row.role), expires, row.display_name)

    def logout(self, p: Principal, token: str, client: str | None = None) -> bool:
        now = time.time()
        with self.db.write() as conn:
            ended = accounts.end_session(conn, token_digest(token), now)
            if ended:
                record(conn, p.centre_id, now, "logout", actor=p, client=client)
        return ended

    def revoke_device(self, device_id: str) -> bool:
        now = time.time()
        with self.db.write() as conn:
            centre_id = accounts.device_centre(conn, device_id)
            done = centre_id is not None and accounts.revoke_device(conn, device_id, now)
            if done and centre_id is not None:
                record(conn, centre_id, now, "device.revoked", target=device_id)
        return done

    def disable_staff(self, username: str) -> bool:
        now = time.time()
        with self.db.write() as conn:
            row = accounts.disable_staff(conn, username, now)
            if row is not None:
                record(conn, row.centre_id, now, "staff.disabled", target=username)
        return row is not None

    def devices(self) -> list[dict[str, object]]:
        with self.db.read() as conn:
            return accounts.devices(conn)
