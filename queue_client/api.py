"""Typed client of the queue server's v1 API, over requests.

Two kinds of failure, because devices treat them differently: `ApiError` is the server
saying no (a 4xx with a bilingual message: show it, do not retry), `ServerUnreachable` is
the network or the server being down (keep working offline and retry with the same
idempotency key).
"""

from __future__ import annotations

import uuid
from typing import Any

import requests


class ServerUnreachable(Exception):
    """No answer, a time-out, or a 5xx: retry later with the same idempotency key."""


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def new_key(prefix: str = "xh") -> str:
    """An idempotency key for one user action."""
    return f"{prefix}-{uuid.uuid4().hex}"


class ApiClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        timeout_s: float = 3.0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        try:
            r = self.session.request(
                method,
                self.base_url + path,
                json=body,
                params=params or None,
                timeout=self.timeout_s,
            )
        except requests.RequestException as e:
            raise ServerUnreachable(str(e)) from None
        if r.status_code >= 500:
            raise ServerUnreachable(f"server error {r.status_code}")
        if r.status_code == 204:
            return None
        try:
            data = r.json()
        except ValueError:
            raise ServerUnreachable(f"not a JSON answer ({r.status_code})") from None
        if r.status_code >= 400:
            err = data.get("error", {}) if isinstance(data, dict) else {}
            raise ApiError(
                r.status_code, err.get("code", "error"), err.get("message", r.text[:200])
            )
        return data

    def login(self, username: str, password: str) -> dict[str, Any]:
        """Staff login; later requests carry the session token."""
        result: dict[str, Any] = self.request(
            "POST", "/api/v1/auth/login", {"username": username, "password": password}
        )
        self.session.headers["Authorization"] = f"Bearer {result['token']}"
        return result

    # -- the contract ------------------------------------------------------------------
    def healthy(self) -> bool:
        try:
            return bool(self.request("GET", "/healthz").get("ok"))
        except (ServerUnreachable, ApiError):
            return False

    def centre(self) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/api/v1/centre")
        return result

    def issue(self, body: dict[str, Any]) -> dict[str, Any]:
        """`body` holds service_id, idempotency_key and optional procedure, priority, citizen, offline."""
        result: dict[str, Any] = self.request("POST", "/api/v1/tickets", body)
        return result

    def ticket(self, ticket_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", f"/api/v1/tickets/{ticket_id}")
        return result

    def queue(self) -> dict[str, Any]:
        result: dict[str, Any] = self.request("GET", "/api/v1/queue")
        return result

    def report_health(self, state: str, device: str = "printer", detail: str = "") -> None:
        self.request(
            "POST",
            "/api/v1/devices/health",
            {"state": state, "device": device, "detail": detail, "idempotency_key": new_key("h")},
        )
