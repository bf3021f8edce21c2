"""The citizen's public ticket page behind the QR code (HTML, or JSON on request)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from queue_core.contract import PublicTicketView

from ..http.deps import Ctx
from ..http.errors import error_response
from ..http.offload import db_call
from ..tickets.reads import public_ticket
from .page import render_ticket_page

router = APIRouter(tags=["public"])
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
"""The page is opened from a QR code on paper: nothing may frame it, cache it, send its
address (the ticket's token) elsewhere, or run anything it did not bring."""


@router.get(
    "/t/{token}",
    response_class=HTMLResponse,
    responses={
        200: {
            "description": "the ticket page; JSON with Accept: application/json",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/PublicTicketView"}}
            },
        },
        404: {"description": "no such ticket", "content": {"application/json": {}}},
    },
)
async def public_ticket_page(token: str, request: Request, ctx: Ctx) -> Response:
    view = await db_call(ctx, public_ticket, ctx, token, write=False) if len(token) <= 64 else None
    wants_json = "application/json" in request.headers.get("accept", "")
    if view is None:
        if wants_json:
            return error_response(
                404, "unknown_ticket", "Không tìm thấy phiếu / No such ticket", HEADERS
            )
        return HTMLResponse(render_ticket_page(None), status_code=404, headers=HEADERS)
    if wants_json:
        return JSONResponse(view.model_dump(mode="json"), headers=HEADERS)
    return HTMLResponse(render_ticket_page(view), headers=HEADERS)


SCHEMAS = (PublicTicketView,)
"""Models only this route's OpenAPI answer refers to (added to the components by the app)."""
