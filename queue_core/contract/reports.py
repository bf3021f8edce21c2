"""The figures of GET /reports/summary."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from .views import View


class TimeSummary(View):
    mean: float | None = None
    median: float | None = None
    p90: float | None = None
    max: float | None = None


class Figures(View):
    issued: int
    served: int
    no_show: int
    cancelled: int
    waiting_or_open: int
    transferred: int
    wait_s: TimeSummary
    service_s: TimeSummary
    within_target_wait: float | None
    ratings: int
    rating_share: float | None
    ratings_by_level: dict[str, int]
    satisfaction_rate: float | None
    satisfaction_target: float | None
    meets_target: bool | None
    priority_share: float | None = None
    """Share of the tickets issued to priority citizens."""


class ServiceFigures(Figures):
    service_id: str
    name: str


class CounterFigures(Figures):
    counter_id: str
    name: str


class OfficerFigures(Figures):
    officer_id: str
    name: str


class PriorityFigures(View):
    """Waits of one priority group (group_id None: the citizens without priority)."""

    group_id: str | None
    name: str
    issued: int
    wait_s: TimeSummary


class CallRecord(View):
    """One call of a day and the rule that chose it."""

    seq: int
    called_at: str
    number: str
    counter_id: str | None
    counter_number: int | None
    service_id: str
    priority: str | None = None
    priority_name: str | None = None
    rule: str | None = None
    reason: str | None = None
    waited_s: float


class CallsReport(View):
    """GET /reports/calls: a day's calls with their reasons, and the priority citizens who
    waited past the bound while a counter that could call them called someone else."""

    day: str
    priority_interleave: int
    priority_max_wait_min: int
    calls: list[CallRecord]
    rule_counts: dict[str, int]
    overdue: list[CallRecord]


class HourFigures(View):
    hour: int
    arrivals: int
    wait_s: TimeSummary


class ReportSummary(View):
    """GET /reports/summary: a centre's figures over service days `from`..`to`."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    centre_id: str
    centre_name: str
    from_: str = Field(alias="from")
    to: str
    target_wait_min: float
    totals: Figures
    by_service: list[ServiceFigures]
    by_counter: list[CounterFigures]
    by_officer: list[OfficerFigures]
    by_hour: list[HourFigures]
    by_priority: list[PriorityFigures] = Field(default_factory=list)
