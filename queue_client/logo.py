"""The centre's logo for a device: from the server, kept in the device's local store so
a kiosk that starts while the server is away still shows (and prints) it."""

from __future__ import annotations

import base64
import logging

from .api import ApiClient, ApiError, ServerUnreachable
from .store import LocalStore

log = logging.getLogger("xephang.logo")


def fetch_logo(api: ApiClient, centre_id: str, store: LocalStore | None = None) -> bytes | None:
    try:
        data = api.logo(centre_id)
    except (ServerUnreachable, ApiError) as e:
        log.info("logo not fetched: %s", e)
        cached = store.load("logo") if store is not None else None
        return base64.b64decode(cached) if isinstance(cached, str) else None
    if store is not None:
        store.save("logo", base64.b64encode(data).decode())
    return data
