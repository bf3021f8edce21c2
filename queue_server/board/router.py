"""HTTP routes every device reads at start: the centre's configuration and the queue."""

from __future__ import annotations

from fastapi import APIRouter, Response

from queue_core.centre import CentreConfig
from queue_core.contract import Snapshot

from ..http.deps import Ctx, Reader
from ..http.offload import db_call
from ..http.responses import ERRORS, as_json
from .snapshot import snapshot

router = APIRouter(tags=["read"], responses=ERRORS)


@router.get("/centre", response_model=CentreConfig)
async def centre(p: Reader, ctx: Ctx) -> CentreConfig:
    return ctx.centres.config(p.centre_id)


@router.get("/queue", response_model=Snapshot, response_model_exclude_unset=True)
async def queue(p: Reader, ctx: Ctx) -> Response:
    return as_json(await db_call(ctx, snapshot, ctx, p.centre_id))
