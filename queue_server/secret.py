"""The installation secret: a random key in a file beside the configuration, never in
the database. It keys every digest the server keeps of a request (HMAC), so a copy of
the database alone cannot be brute-forced back into what the citizen gave; the
appointment limits use it to recognise a person without storing the ID number.

Every server process of one installation reads the same file. Rotating it: stop the
servers, replace the file, start them (retries in flight are then refused once, see
SECURITY.md)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger("xephang.server")
SECRET_BYTES = 32


class SecretUnreadable(RuntimeError):
    """The secret file exists but cannot be used (permissions, too short)."""


def load_secret(path: str | Path | None) -> bytes:
    """The key in `path`, made (0600) on first start; without a path an ephemeral key
    (fine for a throw-away server; its digests do not survive a restart)."""
    if path is None:
        log.warning("no installation secret file given: using an ephemeral key")
        return secrets.token_bytes(SECRET_BYTES)
    p = Path(path)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(SECRET_BYTES).hex().encode() + b"\n")
    try:
        key = bytes.fromhex(p.read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise SecretUnreadable(f"{p}: cannot read the installation secret ({e})") from None
    if len(key) < 16:
        raise SecretUnreadable(f"{p}: the installation secret is shorter than 16 bytes")
    return key


def keyed_digest(secret: bytes, data: bytes) -> str:
    """HMAC-SHA-256, hex: what the server stores instead of anything derived plainly."""
    return hmac.new(secret, data, hashlib.sha256).hexdigest()
