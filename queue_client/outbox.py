"""Requests a device must not lose: sent at once when the server answers, kept in the
local store when it does not, and sent again, in order and exactly once (each carries
its idempotency key), when it is back."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from .api import ApiClient, ApiError, ServerUnreachable
from .store import LocalStore

log = logging.getLogger("xephang.outbox")


class Outbox:
    def __init__(
        self,
        api: ApiClient,
        store: LocalStore,
        kind: str,
        send: Callable[[dict[str, Any]], object],
    ) -> None:
        """`send` posts one stored body through the typed client (e.g. `api.issue`)."""
        self.api = api
        self.store = store
        self.kind = kind
        self.send = send
        self.online = True
        self._syncing = threading.Lock()

    def keep(self, body: dict[str, Any]) -> None:
        self.store.enqueue(self.kind, body)

    def pending(self) -> int:
        return len(self.store.pending(self.kind))

    def sync(self) -> int:
        """Send what waits; stop at the first sign the server is away. One sync at a time."""
        if not self._syncing.acquire(blocking=False):
            return 0
        try:
            sent = 0
            for item in self.store.pending(self.kind):
                self.store.note_attempt(item["key"])
                try:
                    answer = self.send(item["body"])
                except ServerUnreachable:
                    self.online = False
                    return sent
                except ApiError as e:  # refused for good: keep the reason for staff
                    log.error("%s %s refused: %s", self.kind, item["key"], e.code)
                    self.store.mark_sent(item["key"], f"refused {e.code}: {e.message}")
                    continue
                self.store.mark_sent(item["key"], f"sent: {str(answer)[:200]}")
                sent += 1
            self.online = True
            return sent
        finally:
            self._syncing.release()

    def check_server(self) -> bool:
        """On a timer: back online → send what waits."""
        self.online = self.api.healthy()
        if self.online and self.pending():
            self.sync()
        return self.online
