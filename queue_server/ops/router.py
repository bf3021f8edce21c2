"""Liveness for load balancers and monitoring."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from queue_core.contract import HealthzView

from ..http.deps import Ctx
from ..screen.assets import version
from ..storage.database import DatabaseBusy

router = APIRouter(tags=["ops"])


@router.get(
    "/healthz",
    response_model=HealthzView,
    responses={503: {"model": HealthzView, "description": "the database is unreachable"}},
)
def healthz(ctx: Ctx) -> JSONResponse:
    """Answers at once even while another connection holds SQLite's write lock ("busy")."""
    state = "up"
    try:
        ctx.db.ping()
    except DatabaseBusy:
        state = "busy"
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        state = "down"
    ok = state == "up"
    view = HealthzView(ok=ok, database=state, version=version())
    headers = None if ok else {"Retry-After": "5"}
    return JSONResponse(view.model_dump(), status_code=200 if ok else 503, headers=headers)
