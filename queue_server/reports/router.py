"""HTTP route of a centre's figures over a range of service days."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from queue_core.contract import CallsReport, ReportSummary
from queue_core.errors import Invalid
from queue_core.periods import span

from ..http.deps import Ctx, Reporter
from ..http.responses import ERRORS
from .calls import calls_of_day
from .summary import summary

router = APIRouter(tags=["reports"], responses=ERRORS)


@router.get("/reports/summary", response_model=ReportSummary, response_model_by_alias=True)
def report_summary(
    p: Reporter,
    ctx: Ctx,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: Annotated[date | None, Query()] = None,
) -> dict[str, Any]:
    """Figures for service days from..to (inclusive); today when no range is given."""
    today = date.fromisoformat(ctx.centres.today(p.centre_id, ctx.clock()))
    first, last = from_ or to or today, to or from_ or today
    span(first, last)  # 'to' before 'from' is refused here, as on the command line
    if (last - first).days > 3660:
        raise Invalid("range_too_long", "Khoảng thời gian quá dài", "Range longer than 10 years")
    return summary(ctx.db, ctx.centres.config(p.centre_id), first, last)


@router.get("/reports/calls", response_model=CallsReport)
def report_calls(p: Reporter, ctx: Ctx, day: Annotated[date | None, Query()] = None) -> CallsReport:
    """A day's calls with the rule that chose each (today by default)."""
    chosen = day or date.fromisoformat(ctx.centres.today(p.centre_id, ctx.clock()))
    return calls_of_day(ctx.db, ctx.centres.config(p.centre_id), chosen)
