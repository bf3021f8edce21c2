"""HTTP route of device health reports."""

from __future__ import annotations

from fastapi import APIRouter, Response

from queue_core.contract import HealthIn, HealthView, HelpIn, HelpView

from ..http.deps import Ctx, Reader
from ..http.offload import db_call
from ..http.responses import ERRORS, as_json
from .health import ask_for_help, report_health

router = APIRouter(tags=["devices"], responses=ERRORS)


@router.post("/devices/health", response_model=HealthView, response_model_exclude_unset=True)
async def device_health(body: HealthIn, p: Reader, ctx: Ctx) -> Response:
    return as_json(await db_call(ctx, report_health, ctx, p, body))


@router.post("/devices/help", response_model=HelpView, response_model_exclude_unset=True)
async def device_help(body: HelpIn, p: Reader, ctx: Ctx) -> Response:
    """A kiosk's help button: sent to every counter's screen as a `device.help` event."""
    return as_json(await db_call(ctx, ask_for_help, ctx, p, body))
