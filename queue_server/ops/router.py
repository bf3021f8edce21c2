"""Liveness for load balancers and monitoring."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from queue_core.contract import HealthzView

from ..http.deps import Ctx

router = APIRouter(tags=["ops"])


@router.get(
    "/healthz",
    response_model=HealthzView,
    responses={503: {"model": HealthzView, "description": "the database is unreachable"}},
)
def healthz(ctx: Ctx) -> JSONResponse:
    try:
        ok = ctx.db.ping()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        ok = False
    view = HealthzView(ok=ok, database="up" if ok else "down")
    headers = None if ok else {"Retry-After": "5"}
    return JSONResponse(view.model_dump(), status_code=200 if ok else 503, headers=headers)
