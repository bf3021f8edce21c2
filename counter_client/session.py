"""The counter's commands to the server, each retried with its idempotency key while the
network is down, so a command is applied exactly once however often it is sent."""

from __future__ import annotations

import time
from typing import Any

from queue_client.api import ApiClient, ServerUnreachable, new_key


class CounterSession:
    def __init__(
        self, api: ApiClient, counter_id: str, retries: int = 3, backoff_s: float = 0.4
    ) -> None:
        self.api = api
        self.counter_id = counter_id
        self.retries = retries
        self.backoff_s = backoff_s

    def _post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        payload = {**(body or {}), "idempotency_key": new_key("c")}
        for attempt in range(self.retries + 1):
            try:
                return self.api.request("POST", path, payload)
            except ServerUnreachable:
                if attempt == self.retries:
                    raise
                time.sleep(self.backoff_s * (attempt + 1))
        return None

    def call_next(self, ticket_id: str | None = None) -> dict[str, Any] | None:
        body = {"ticket_id": ticket_id} if ticket_id else {}
        result: dict[str, Any] | None = self._post(
            f"/api/v1/counters/{self.counter_id}/call-next", body
        )
        return result

    def act(self, ticket_id: str, action: str, **extra: Any) -> dict[str, Any]:
        result: dict[str, Any] = self._post(f"/api/v1/tickets/{ticket_id}/{action}", extra)
        return result

    def set_paused(self, paused: bool) -> dict[str, Any]:
        result: dict[str, Any] = self._post(
            f"/api/v1/counters/{self.counter_id}/{'pause' if paused else 'resume'}"
        )
        return result

    def find(self, number: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.api.request("GET", "/api/v1/tickets", number=number)
        return result

    def ticket(self, ticket_id: str) -> dict[str, Any]:
        return self.api.ticket(ticket_id)
