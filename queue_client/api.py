"""Typed client of the queue server's v1 API: one method per endpoint, answers parsed
into queue_core.contract views, over an injectable transport.

Two kinds of failure, because devices treat them differently: `ApiError` is the server
saying no (a 4xx with a bilingual message: show it, do not retry), `ServerUnreachable` is
the network or the server being down (keep working offline and retry with the same
idempotency key).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from queue_core.centre import CentreConfig
from queue_core.contract import (
    AuditEntry,
    CallNextIn,
    CallsReport,
    HealthIn,
    HealthView,
    HealthzView,
    HelpIn,
    HelpView,
    IssueIn,
    LoginIn,
    LoginView,
    Mutation,
    PauseView,
    PublicTicketView,
    RatingIn,
    RatingView,
    ReportSummary,
    Snapshot,
    TicketAction,
    TicketView,
)

from .transport import HttpTransport, Reply, ServerUnreachable, Stream, Transport

__all__ = ["ApiClient", "ApiError", "ServerUnreachable", "new_key"]

V = TypeVar("V", bound=BaseModel)
_TICKETS = TypeAdapter(list[TicketView])
_AUDIT = TypeAdapter(list[AuditEntry])


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
    def __init__(self, transport: Transport | str, token: str = "", timeout_s: float = 3.0) -> None:
        self.transport: Transport = (
            HttpTransport(transport) if isinstance(transport, str) else transport
        )
        self.token = token
        self.timeout_s = timeout_s

    @property
    def base_url(self) -> str:
        return self.transport.base_url

    def with_token(self, token: str) -> ApiClient:
        """Another identity over the same transport (e.g. a device beside a manager)."""
        return ApiClient(self.transport, token, self.timeout_s)

    # ------------------------------------------------------------------ plumbing
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def _send(
        self,
        method: str,
        path: str,
        body: BaseModel | None = None,
        params: dict[str, str | None] | None = None,
    ) -> Reply:
        payload = body.model_dump(mode="json", exclude_none=True) if body is not None else None
        reply = self.transport.request(
            method,
            path,
            json=payload,
            params={k: v for k, v in (params or {}).items() if v is not None},
            headers=self._headers(),
            timeout_s=self.timeout_s,
        )
        if reply.status >= 500:
            raise ServerUnreachable(f"server error {reply.status}")
        if reply.status >= 400:
            raise _error(reply)
        return reply

    def _view(self, model: type[V], reply: Reply) -> V:
        try:
            return model.model_validate_json(reply.body)
        except ValidationError as e:
            raise ServerUnreachable(f"unexpected answer ({reply.status}): {e}") from None

    # ------------------------------------------------------------------ the contract
    def healthz(self) -> HealthzView:
        reply = self.transport.request("GET", "/healthz", timeout_s=self.timeout_s)
        if reply.status not in (200, 503):
            raise ServerUnreachable(f"health check answered {reply.status}")
        return self._view(HealthzView, reply)

    def healthy(self) -> bool:
        try:
            return self.healthz().ok
        except ServerUnreachable:
            return False

    def login(self, username: str, password: str, counter_id: str | None = None) -> LoginView:
        """Staff login (at a counter: the session acts for that counter only); later
        requests carry the session token."""
        body = LoginIn(username=username, password=password, counter_id=counter_id)
        view = self._view(LoginView, self._send("POST", "/api/v1/auth/login", body))
        self.token = view.token
        return view

    def logout(self) -> None:
        """End this staff session on the server."""
        self._send("POST", "/api/v1/auth/logout")
        self.token = ""

    def centre(self) -> CentreConfig:
        return self._view(CentreConfig, self._send("GET", "/api/v1/centre"))

    def logo(self, centre_id: str) -> bytes:
        """The centre's logo (PNG) for screens and tickets."""
        return self._send("GET", f"/api/v1/centres/{centre_id}/logo.png").body

    def issue(self, body: IssueIn) -> TicketView:
        return self._view(TicketView, self._send("POST", "/api/v1/tickets", body))

    def ticket(self, ticket_id: str) -> TicketView:
        return self._view(TicketView, self._send("GET", f"/api/v1/tickets/{ticket_id}"))

    def find_tickets(self, number: str) -> list[TicketView]:
        """Today's tickets with this number."""
        reply = self._send("GET", "/api/v1/tickets", params={"number": number})
        return _TICKETS.validate_json(reply.body)

    def queue(self) -> Snapshot:
        return self._view(Snapshot, self._send("GET", "/api/v1/queue"))

    def call_next(self, counter_id: str, body: CallNextIn) -> TicketView | None:
        """The called ticket; None when nobody waits for this counter."""
        reply = self._send("POST", f"/api/v1/counters/{counter_id}/call-next", body)
        return None if reply.status == 204 else self._view(TicketView, reply)

    def act(self, ticket_id: str, action: TicketAction, body: Mutation) -> TicketView:
        """recall, no-show, start, finish, transfer (TransferIn) or cancel."""
        path = f"/api/v1/tickets/{ticket_id}/{action.value}"
        return self._view(TicketView, self._send("POST", path, body))

    def set_paused(self, counter_id: str, paused: bool, body: Mutation) -> PauseView:
        path = f"/api/v1/counters/{counter_id}/{'pause' if paused else 'resume'}"
        return self._view(PauseView, self._send("POST", path, body))

    def rate(self, body: RatingIn) -> RatingView:
        return self._view(RatingView, self._send("POST", "/api/v1/ratings", body))

    def report_health(self, state: str, device: str = "printer", detail: str = "") -> HealthView:
        body = HealthIn(state=state, device=device, detail=detail, idempotency_key=new_key("h"))
        return self._view(HealthView, self._send("POST", "/api/v1/devices/health", body))

    def ask_for_help(self, detail: str = "") -> HelpView:
        body = HelpIn(detail=detail, idempotency_key=new_key("help"))
        return self._view(HelpView, self._send("POST", "/api/v1/devices/help", body))

    def report_summary(self, first: date | None = None, last: date | None = None) -> ReportSummary:
        reply = self._send(
            "GET",
            "/api/v1/reports/summary",
            params={
                "from": first.isoformat() if first else None,
                "to": last.isoformat() if last else None,
            },
        )
        return self._view(ReportSummary, reply)

    def report_calls(self, day: date | None = None) -> CallsReport:
        """A day's calls with the rule that chose each (manager)."""
        params = {"day": day.isoformat() if day else None}
        return self._view(CallsReport, self._send("GET", "/api/v1/reports/calls", params=params))

    def audit(self, first: date | None = None, last: date | None = None) -> list[AuditEntry]:
        """Logins and staff commands of these service days (manager)."""
        params = {
            "from": first.isoformat() if first else None,
            "to": last.isoformat() if last else None,
        }
        return _AUDIT.validate_json(self._send("GET", "/api/v1/audit", params=params).body)

    def public_ticket(self, token: str) -> PublicTicketView | None:
        """The citizen's page as JSON; None for an unknown token."""
        reply = self.transport.request(
            "GET", f"/t/{token}", headers={"Accept": "application/json"}, timeout_s=self.timeout_s
        )
        if reply.status == 404:
            return None
        if reply.status >= 400:
            raise _error(reply) if reply.status < 500 else ServerUnreachable(str(reply.status))
        return self._view(PublicTicketView, reply)

    def events(self, last_seq: int, read_timeout_s: float = 40.0) -> Stream:
        """The centre's event stream, resuming after `last_seq` (see queue_client.events)."""
        headers = {**self._headers(), "Last-Event-ID": str(last_seq)}
        return self.transport.stream(
            "/api/v1/events", headers=headers, timeout_s=(3.0, read_timeout_s)
        )


def _error(reply: Reply) -> ApiError:
    try:
        data = reply.json()
    except ValueError:
        return ApiError(reply.status, "error", reply.text[:200])
    err = data.get("error", {}) if isinstance(data, dict) else {}
    return ApiError(reply.status, err.get("code", "error"), err.get("message", reply.text[:200]))
