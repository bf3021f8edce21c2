"""Staff passwords with scrypt at the OWASP Password Storage Cheat Sheet's parameters
(N=2^17, r=8, p=1: 128 MiB and about half a second per check on the 2-core server),
stored with their parameters so older hashes are upgraded at the next good login."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

N, R, P = 2**17, 8, 1
MAXMEM = 256 * 1024 * 1024


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAXMEM)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    b64 = base64.b64encode
    digest = _scrypt(password, salt, N, R, P)
    return f"scrypt${N}${R}${P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt_b64, digest_b64 = stored.split("$")
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        got = _scrypt(password, salt, int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def needs_rehash(stored: str) -> bool:
    """Hashed with weaker parameters than today's."""
    try:
        _, n, r, p, *_ = stored.split("$")
        return (int(n), int(r), int(p)) != (N, R, P)
    except ValueError:
        return True


@cache
def _dummy() -> str:
    return hash_password(base64.b64encode(os.urandom(12)).decode())


def burn_like_a_check(password: str) -> None:
    """For an unknown username: as much work as checking a real password, so the time
    of the answer does not tell which usernames exist."""
    verify_password(password, _dummy())
