"""Globally unique, time-ordered ids and unguessable tokens."""

from __future__ import annotations

import os
import secrets
import time


def new_id() -> str:
    """32 hex digits: 48 bits of milliseconds then 80 random bits (UUIDv7-like ordering).

    Time order keeps index inserts local; the random part keeps ids unique across
    centres and server processes without coordination.
    """
    ms = int(time.time() * 1000) & ((1 << 48) - 1)
    return f"{ms:012x}{os.urandom(10).hex()}"


def new_public_token() -> str:
    """For /t/{token}: 128 random bits, URL-safe, not derivable from the ticket id."""
    return secrets.token_urlsafe(16)


def new_secret_token(prefix: str) -> str:
    """A bearer token for a device or a staff session (256 random bits)."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"
