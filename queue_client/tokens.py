"""A device's bearer token, from its config (inline or in a file written by provisioning)."""

from __future__ import annotations

from pathlib import Path

from .api import ApiClient
from .device_config import ServerLink


class TokenMissing(Exception):
    """No token configured, or the token file is missing or empty."""


def device_token(link: ServerLink) -> str:
    if link.token:
        return link.token
    if not link.token_file:
        raise TokenMissing(
            "server.token or server.token_file must be set (xephang devices add prints one)"
        )
    path = Path(link.token_file)
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError:
        raise TokenMissing(
            f"{path}: token file not found (run xephang devices add or the demo)"
        ) from None
    if not token:
        raise TokenMissing(f"{path}: token file is empty")
    return token


def device_api(link: ServerLink, *, logged_in: bool = True) -> ApiClient:
    """The typed client for a device's configured server: with its device token, or
    without one (`logged_in=False`) for an app whose person logs in first."""
    return ApiClient(link.url, device_token(link) if logged_in else "", timeout_s=link.timeout_s)
