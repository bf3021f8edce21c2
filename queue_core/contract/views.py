"""The views the server answers with. Read leniently: a newer server may add fields
an older device ignores. Times are ISO 8601 strings in the centre's local time."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..tickets import Status


class View(BaseModel):
    """Answers are read leniently: a newer server may add fields an older device ignores."""

    model_config = ConfigDict(extra="ignore")


class CitizenView(View):
    """What staff see of a citizen: never the full id number."""

    name: str | None = None
    id_masked: str | None = None
    birth_year: int | None = None


class TicketView(View):
    """A ticket as devices see it. Position fields are set where the server computed
    them (issue, GET ticket); `citizen` only for roles that may see it."""

    id: str | None
    """None only for a ticket a kiosk issued offline and has not synced yet."""
    number: str
    service_id: str
    service_name: str = ""
    procedure_id: str | None = None
    priority: str | None = None
    status: Status
    counter_id: str | None = None
    counter_number: int | None = None
    target_counter_id: str | None = None
    issued_at: str
    called_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    recall_count: int = 0
    transfer_count: int = 0
    issued_offline: bool = False
    waiting_ahead: int | None = None
    estimated_wait_s: int | None = None
    status_url: str = ""
    priority_name: str | None = None
    """The priority group as the law names it ('Người khuyết tật'), for staff and boards."""
    call_rule: str | None = None
    """Why it was last called: a queue_core.call_policy.Rule ('priority', 'normal_turn' …)."""
    call_reason: str | None = None
    """The same in words: 'ưu tiên — Người cao tuổi, lượt ưu tiên 2/2'."""
    priority_counters: list[int] = []
    """Set at issue for a priority ticket: the open priority counters that call it."""
    citizen: CitizenView | None = None
    event_seq: int | None = None
    """The centre's sequence after this command: older snapshots are stale."""

    @property
    def open(self) -> bool:
        """Called or being served: the ticket occupies its counter."""
        return self.status in (Status.CALLED, Status.SERVING)


class PublicTicketView(View):
    """For the citizen's phone (/t/{token}): no id, no name, no personal data, and no
    priority group either (it would tell anyone with the link of a disability or a
    pregnancy)."""

    centre_name: str
    number: str
    service_name: str
    status: Status
    counter_number: int | None = None
    issued_at: str
    centre_id: str = ""
    """For the centre's logo on the page."""
    called_at: str | None = None
    waiting_ahead: int | None = None
    estimated_wait_s: int | None = None


class CounterView(View):
    id: str
    number: int
    name: str
    location: str = ""
    services: list[str] = []
    paused: bool = False
    current: TicketView | None = None


class WaitingView(View):
    service_id: str
    service_name: str
    count: int
    next_numbers: list[str] = []


class WaitingForCounter(View):
    number: str
    counter_id: str


class RecentCall(View):
    seq: int
    number: str
    counter_id: str | None
    counter_number: int | None
    called_at: str | None


class Snapshot(View):
    """GET /queue: everything a board shows, as of `last_seq`."""

    centre_id: str
    service_day: str
    last_seq: int
    counters: list[CounterView]
    waiting: list[WaitingView]
    waiting_for_counter: list[WaitingForCounter] = []
    recent_calls: list[RecentCall] = []

    def counter(self, counter_id: str) -> CounterView | None:
        return next((c for c in self.counters if c.id == counter_id), None)


class PauseView(View):
    counter_id: str
    paused: bool
    event_seq: int | None = None


class RatingView(View):
    id: str
    ticket_id: str
    number: str
    level: str
    level_name: str
    positive: bool
    reasons: list[str] = []
    service_id: str
    counter_id: str | None = None
    created_at: str | None = None
    event_seq: int | None = None


class HealthView(View):
    device_id: str
    name: str
    kind: str
    device: str
    state: str
    detail: str = ""
    at: str | None = None
    event_seq: int | None = None


class HelpView(View):
    """Payload of device.help: which device asks for staff, and since when."""

    device_id: str
    name: str
    kind: str
    detail: str = ""
    at: str | None = None


class PairingView(View):
    """A TV's pairing: `waiting` for staff, `paired` (then `url` is where the TV goes,
    without its token, which the TV already holds), or `expired`."""

    code: str
    state: str
    expires_at: str | None = None
    label: str | None = None
    url: str | None = None


class LoginView(View):
    token: str
    role: str
    expires_at: str | None
    name: str = ""
    """The officer's display name ("Nguyễn Thị Lan"), for the counter's header."""


class HealthzView(View):
    ok: bool
    database: str
    version: str = ""
    """The server's version: a browser display reloads itself when it changes."""


class ErrorDetail(View):
    code: str
    message: str
    """Vietnamese first, then English: 'Không có quầy 09 / No counter 09'."""


class ErrorView(View):
    error: ErrorDetail


class AuditEntry(View):
    """One line of the audit log: who did what, to what, when, from where."""

    at: str
    actor_kind: str
    """staff, device or cli (the command line)."""
    actor_name: str
    action: str
    target: str | None = None
    detail: str = ""
    client: str | None = None
