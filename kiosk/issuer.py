"""Issue tickets online, or offline from the local store, and sync offline ones once.

Offline numbers are this kiosk's own ("K1-001"): the server's never contain a hyphen, so
they cannot collide; every offline ticket waits in the outbox with its idempotency key
and is sent until the server has it, exactly once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from queue_client.api import ApiClient, ApiError, ServerUnreachable, new_key
from queue_client.store import LocalStore
from queue_core.clock import VIETNAM, service_day
from queue_core.numbering import offline_number

log = logging.getLogger("xephang.kiosk")


class TicketIssuer:
    def __init__(
        self,
        api: ApiClient,
        store: LocalStore,
        kiosk_code: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.api = api
        self.store = store
        self.kiosk_code = kiosk_code
        self.clock = clock
        self.online = True
        self._syncing = threading.Lock()

    def issue(
        self,
        service_id: str,
        procedure_id: str | None = None,
        priority: str | None = None,
        citizen: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"service_id": service_id, "idempotency_key": new_key("t")}
        if procedure_id:
            body["procedure_id"] = procedure_id
        if priority:
            body["priority"] = priority
        if citizen:
            body["citizen"] = citizen
        if self.online:
            try:
                return self.api.issue(body)
            except ServerUnreachable:
                log.warning("server unreachable: issuing offline")
                self.online = False
        return self._issue_offline(body)

    def _issue_offline(self, body: dict[str, Any]) -> dict[str, Any]:
        now = self.clock()
        seq = self.store.next_offline_seq(service_day(now).isoformat())
        issued_at = datetime.fromtimestamp(now, VIETNAM).isoformat(timespec="milliseconds")
        body["offline"] = {"kiosk_code": self.kiosk_code, "seq_no": seq, "issued_at": issued_at}
        self.store.enqueue("ticket", body)
        return {
            "id": None,
            "number": offline_number(self.kiosk_code, seq),
            "service_id": body["service_id"],
            "procedure_id": body.get("procedure_id"),
            "priority": body.get("priority"),
            "status": "waiting",
            "issued_at": issued_at,
            "issued_offline": True,
            "waiting_ahead": None,
            "estimated_wait_s": None,
            "status_url": "",
        }

    def pending(self) -> int:
        return len(self.store.pending("ticket"))

    def sync(self) -> int:
        """Send offline tickets in issue order; stop at the first sign the server is away.

        One sync at a time (the timer may fire again while a slow one runs); a retry of
        the same ticket would be harmless anyway, as it carries its idempotency key."""
        if not self._syncing.acquire(blocking=False):
            return 0
        try:
            return self._sync()
        finally:
            self._syncing.release()

    def _sync(self) -> int:
        sent = 0
        for item in self.store.pending("ticket"):
            self.store.note_attempt(item["key"])
            try:
                ticket = self.api.issue(item["body"])
            except ServerUnreachable:
                self.online = False
                return sent
            except ApiError as e:  # the server refused it for good: keep the reason for staff
                log.error(
                    "offline ticket %s refused: %s", item["body"]["offline"]["seq_no"], e.code
                )
                self.store.mark_sent(item["key"], f"refused {e.code}: {e.message}")
                continue
            self.store.mark_sent(item["key"], f"synced as {ticket['number']} ({ticket['id']})")
            sent += 1
        self.online = True
        return sent

    def check_server(self) -> bool:
        """Called on a timer: back online → sync."""
        if self.api.healthy():
            self.online = True
            if self.pending():
                self.sync()
        else:
            self.online = False
        return self.online
