"""HTTP routes every device reads at start: the centre's configuration and the queue."""

from __future__ import annotations

from fastapi import APIRouter, Response

from queue_core.centre import CentreConfig
from queue_core.contract import Snapshot
from queue_core.errors import NotFound

from ..http.deps import Ctx, Reader
from ..http.offload import db_call
from ..http.responses import ERRORS, as_json
from .logo import logo_png
from .snapshot import snapshot

router = APIRouter(tags=["read"], responses=ERRORS)


@router.get("/centre", response_model=CentreConfig)
async def centre(p: Reader, ctx: Ctx) -> CentreConfig:
    return ctx.centres.config(p.centre_id)


@router.get(
    "/centres/{centre_id}/logo.png",
    response_class=Response,
    responses={
        200: {
            "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
            "description": "the centre's logo",
        }
    },
)
async def logo(centre_id: str, ctx: Ctx) -> Response:
    """Public: the logo shown on the kiosk, the TV, the ticket and the phone page."""
    if centre_id not in ctx.centres:
        raise NotFound(
            "unknown_centre", f"Không có trung tâm {centre_id}", f"No centre {centre_id}"
        )
    return Response(
        logo_png(ctx.centres.config(centre_id)),
        media_type="image/png",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/queue", response_model=Snapshot, response_model_exclude_unset=True)
async def queue(p: Reader, ctx: Ctx) -> Response:
    return as_json(await db_call(ctx, snapshot, ctx, p.centre_id, write=False))
