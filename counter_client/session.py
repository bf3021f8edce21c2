"""The counter's commands to the server, each retried with its idempotency key while the
network is down, so a command is applied exactly once however often it is sent."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from queue_client.api import ApiClient, ServerUnreachable, new_key
from queue_core.contract import (
    CallNextIn,
    Mutation,
    PauseView,
    RecallIn,
    TicketAction,
    TicketView,
    TransferIn,
)

R = TypeVar("R")


class CounterSession:
    def __init__(
        self, api: ApiClient, counter_id: str, retries: int = 3, backoff_s: float = 0.4
    ) -> None:
        self.api = api
        self.counter_id = counter_id
        self.retries = retries
        self.backoff_s = backoff_s

    def _retried(self, send: Callable[[], R]) -> R:
        for attempt in range(self.retries):
            try:
                return send()
            except ServerUnreachable:
                time.sleep(self.backoff_s * (attempt + 1))
        return send()

    def call_next(self, ticket_id: str | None = None) -> TicketView | None:
        body = CallNextIn(ticket_id=ticket_id, idempotency_key=new_key("c"))
        return self._retried(lambda: self.api.call_next(self.counter_id, body))

    def act(
        self,
        ticket_id: str,
        action: TicketAction,
        *,
        counter_id: str | None = None,
        service_id: str | None = None,
    ) -> TicketView:
        key = new_key("c")
        body: Mutation
        if action is TicketAction.TRANSFER:
            body = TransferIn(service_id=service_id, counter_id=counter_id, idempotency_key=key)
        elif action is TicketAction.RECALL:
            body = RecallIn(counter_id=counter_id, idempotency_key=key)
        else:
            body = Mutation(idempotency_key=key)
        return self._retried(lambda: self.api.act(ticket_id, action, body))

    def set_paused(self, paused: bool) -> PauseView:
        body = Mutation(idempotency_key=new_key("c"))
        return self._retried(lambda: self.api.set_paused(self.counter_id, paused, body))

    def find(self, number: str) -> list[TicketView]:
        return self.api.find_tickets(number)

    def ticket(self, ticket_id: str) -> TicketView:
        return self.api.ticket(ticket_id)
