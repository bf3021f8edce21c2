"""Issue tickets online, or offline from the local store, and sync offline ones once.

Offline numbers are this kiosk's own ("K1-001"): the server's never contain a hyphen, so
they cannot collide; every offline ticket waits in the outbox with its idempotency key
and is sent until the server has it, exactly once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from queue_client.api import ApiClient, ServerUnreachable, new_key
from queue_client.outbox import Outbox
from queue_client.store import LocalStore
from queue_core.clock import VIETNAM, service_day
from queue_core.contract import CitizenIn, IssueIn, OfflineIn, TicketView
from queue_core.numbering import offline_number
from queue_core.tickets import Status

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
        self.outbox = Outbox(
            api, store, "ticket", lambda body: api.issue(IssueIn.model_validate(body))
        )

    def issue(
        self,
        service_id: str,
        procedure_id: str | None = None,
        priority: str | None = None,
        citizen: CitizenIn | None = None,
    ) -> TicketView:
        body = IssueIn(
            service_id=service_id,
            procedure_id=procedure_id or None,
            priority=priority or None,
            citizen=citizen,
            idempotency_key=new_key("t"),
        )
        if self.online:
            try:
                return self.api.issue(body)
            except ServerUnreachable:
                log.warning("server unreachable: issuing offline")
                self.online = False
        return self._issue_offline(body)

    def _issue_offline(self, body: IssueIn) -> TicketView:
        now = self.clock()
        seq = self.store.next_offline_seq(service_day(now).isoformat())
        issued_at = datetime.fromtimestamp(now, VIETNAM)
        body.offline = OfflineIn(kiosk_code=self.kiosk_code, seq_no=seq, issued_at=issued_at)
        stored: dict[str, Any] = body.model_dump(mode="json", exclude_none=True)
        stored["offline"]["issued_at"] = issued_at.isoformat(timespec="milliseconds")
        self.outbox.keep(stored)
        return TicketView(
            id=None,
            number=offline_number(self.kiosk_code, seq),
            service_id=body.service_id,
            procedure_id=body.procedure_id,
            priority=body.priority,
            status=Status.WAITING,
            issued_at=stored["offline"]["issued_at"],
            issued_offline=True,
        )

    def pending(self) -> int:
        return self.outbox.pending()

    def sync(self) -> int:
        """Send offline tickets in issue order, each exactly once."""
        sent = self.outbox.sync()
        self.online = self.outbox.online
        return sent

    def check_server(self) -> bool:
        """Called on a timer: back online → sync."""
        self.online = self.outbox.check_server()
        return self.online
