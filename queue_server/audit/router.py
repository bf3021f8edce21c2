"""HTTP route of the audit log, for managers: logins and staff commands by day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from queue_core.clock import iso_local
from queue_core.contract import AuditEntry
from queue_core.periods import span

from ..http.deps import Ctx, Reporter
from ..http.offload import db_call
from ..http.responses import ERRORS
from ..storage import audit_log

router = APIRouter(tags=["reports"], responses=ERRORS)


@router.get("/audit", response_model=list[AuditEntry])
async def audit(
    p: Reporter,
    ctx: Ctx,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: Annotated[date | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[AuditEntry]:
    """The newest entries of service days from..to (inclusive; today by default)."""
    today = date.fromisoformat(ctx.centres.today(p.centre_id, ctx.clock()))
    period = span(from_ or to or today, to or from_ or today)
    tz = ctx.centres.tz(p.centre_id)
    start = datetime.combine(period.first, time.min, tz).timestamp()
    end = datetime.combine(period.last + timedelta(days=1), time.min, tz).timestamp()

    def read() -> list[AuditEntry]:
        with ctx.db.read() as conn:
            rows = audit_log.between(conn, p.centre_id, start, end, limit)
        return [
            AuditEntry(
                at=iso_local(r["at"], tz) or "",
                actor_kind=r["actor_kind"],
                actor_name=r["actor_name"],
                action=r["action"],
                target=r["target"],
                detail=r["detail"] or "",
                client=r["client"],
            )
            for r in rows
        ]

    return await db_call(ctx, read, write=False)
