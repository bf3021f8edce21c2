"""HTTP routes of TV pairing: the page a TV opens (`/screen/pair`), its code, and the
staff's acceptance (admins: the console, or `xephang devices pair`)."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse

from queue_core.contract import AcceptPairingIn, PairingIn, PairingView
from queue_core.errors import NotFound

from ..http.deps import Admin, Bearer, Ctx
from ..http.offload import db_call
from ..http.responses import ERRORS, as_json
from .assets import environment, version
from .pairing import accept_pairing, pairing_state, start_pairing
from .router import HTML, PAGE_HEADERS

page_router = APIRouter(tags=["screen"])
router = APIRouter(prefix="/screen/pairings", tags=["screen"], responses=ERRORS)


@page_router.get("/screen/pair", response_class=HTMLResponse, responses=HTML)
async def pair_page() -> HTMLResponse:
    """What a new TV opens: it shows a code for staff to enter, then becomes a display."""
    page = environment().get_template("pair.html").render(version=version())
    return HTMLResponse(page, headers=PAGE_HEADERS)


@router.post("", response_model=PairingView, response_model_exclude_unset=True)
async def new_pairing(body: PairingIn, ctx: Ctx) -> Response:
    """Public: a TV sends the token it made and gets a six-digit code to show."""
    return as_json(await db_call(ctx, start_pairing, ctx.db, body, ctx.clock()))


@router.get("/{code}", response_model=PairingView, response_model_exclude_unset=True)
async def pairing(code: str, ctx: Ctx, creds: Bearer) -> Response:
    """The TV asks how its code stands, proving it holds the token (Bearer)."""
    token = creds.credentials if creds else ""
    view = await db_call(ctx, pairing_state, ctx.db, code, token, ctx.clock(), write=False)
    if view is None:
        raise NotFound("unknown_pairing", "Không có mã ghép nối này", "No such pairing code")
    return as_json(view)


@router.post("/{code}/accept", response_model=PairingView, response_model_exclude_unset=True)
async def accept(code: str, body: AcceptPairingIn, p: Admin, ctx: Ctx) -> Response:
    """An admin enters the code the TV shows: it becomes a display of their centre."""
    counters = {c.id for c in ctx.centres.config(p.centre_id).counters}
    work = partial(accept_pairing, actor=p, now=ctx.clock())
    return as_json(await db_call(ctx, work, ctx.db, p.centre_id, counters, code, body))
