"""HTTP routes of the browser display: the page (public: the display's token is in the
URL's fragment, which browsers never send), and what its token may read — the frame,
the board and the spoken calls."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from queue_core.contract import EventKind
from queue_core.errors import NotFound
from queue_core.screen_text import FRESH_S

from ..board.snapshot import snapshot
from ..http.deps import Ctx, Reader
from ..http.errors import Unavailable
from ..http.offload import db_call
from ..http.responses import ERRORS
from .assets import STATIC, environment, static_file, version
from .board import screen_board
from .speech import Announcements

page_router = APIRouter(tags=["screen"])
router = APIRouter(prefix="/screen", tags=["screen"], responses=ERRORS)
LABEL = re.compile(r"[A-Za-z0-9._-]{1,40}")
ZONE = r"^[A-Za-z0-9_-]{1,16}(,[A-Za-z0-9_-]{1,16}){0,63}$"
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; media-src blob:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
HTML: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/html": {"schema": {"type": "string", "contentMediaType": "text/html"}}},
        "description": "server-rendered HTML",
    }
}
WAV: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"audio/wav": {"schema": {"type": "string", "format": "binary"}}},
        "description": "the announcement, 16-bit PCM WAV",
    }
}
TIMING = {"fresh_s": FRESH_S, "highlight_s": 6.0, "banner_s": 6.0}
"""As the Qt display: calls older than `fresh_s` are shown, not spoken; only the newest
call is lit, for `highlight_s`; the banner stays at least 5 s."""
MAX_BACKLOG = 3
"""Calls waiting to be spoken beyond this are dropped and the backlog sentence said."""


def page_config(label: str, heartbeat_s: float, playback_rate: float = 1.0) -> dict[str, object]:
    return {
        "label": label,
        "version": version(),
        **TIMING,
        "heartbeat_s": heartbeat_s,
        "playback_rate": playback_rate,
        "max_backlog": MAX_BACKLOG,
        "quiet_kinds": [EventKind.RATING_RECORDED.value, EventKind.DEVICE_HEALTH.value],
    }


@page_router.get("/screen/{label}", response_class=HTMLResponse, responses=HTML)
async def screen_page(label: str, request: Request) -> HTMLResponse:
    """The TV's page: open `/screen/<label>?zone=01,02#<display token>`."""
    if not LABEL.fullmatch(label):
        raise NotFound(
            "bad_label",
            "Tên màn hình chỉ gồm chữ, số, '.', '_' hoặc '-' (tối đa 40)",
            "A screen label is letters, digits, '.', '_' or '-' (at most 40)",
        )
    page = (
        environment()
        .get_template("page.html")
        .render(
            label=label,
            version=version(),
            config=page_config(
                label,
                request.app.state.settings.screen_heartbeat_s,
                request.app.state.settings.screen_playback_rate,
            ),
        )
    )
    return HTMLResponse(page, headers=PAGE_HEADERS)


@page_router.get("/screen/static/{name}", response_class=Response, include_in_schema=False)
async def screen_static(name: str) -> Response:
    if name not in STATIC:
        raise NotFound("unknown_file", "Không có tệp này", "No such file")
    return Response(
        static_file(name),
        media_type=STATIC[name],
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/frame", response_class=HTMLResponse, responses=HTML)
async def frame(p: Reader, ctx: Ctx) -> HTMLResponse:
    """Header and footer: the centre's name, hours, hotline and scrolling notice."""
    cfg = ctx.centres.config(p.centre_id)
    html = (
        environment()
        .get_template("frame.html")
        .render(centre=cfg.centre, centre_id=p.centre_id, now=round(ctx.clock(), 3))
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def _zone(zone: str | None) -> set[str] | None:
    return set(zone.split(",")) if zone else None


@router.get("/board", response_class=HTMLResponse, responses=HTML)
async def board(
    p: Reader, ctx: Ctx, zone: Annotated[str | None, Query(pattern=ZONE)] = None
) -> HTMLResponse:
    """Who is served where, who waits, the last calls (with the banner of each)."""
    snap = await db_call(ctx, snapshot, ctx, p.centre_id, write=False)
    view = screen_board(ctx.centres.config(p.centre_id), snap, _zone(zone), ctx.clock())
    html = environment().get_template("board.html").render(board=view)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def _wav(data: bytes) -> Response:
    return Response(data, media_type="audio/wav", headers={"Cache-Control": "private, max-age=600"})


def _speaker(request: Request) -> Announcements:
    speaker: Announcements = request.app.state.announcements
    return speaker


async def _speak(render: Callable[..., bytes], *args: object) -> Response:
    try:
        data = await asyncio.to_thread(render, *args)
    except Exception as e:
        raise Unavailable(
            "speech_failed",
            f"Máy chủ không đọc được thông báo ({e})",
            f"The server cannot speak the announcement ({e})",
            retry_after_s=30,
        ) from e
    return _wav(data)


@router.get("/calls/{seq}.wav", response_class=Response, responses=WAV)
async def call_wav(seq: int, request: Request, p: Reader, ctx: Ctx, busy: bool = False) -> Response:
    """The call with this event sequence, spoken: chime and twice, or once when `busy`.
    Only the centre's last calls can be heard; older ones are 404."""
    snap = await db_call(ctx, snapshot, ctx, p.centre_id, write=False)
    call = next((c for c in snap.recent_calls if c.seq == seq), None)
    if call is None:
        raise NotFound("call_not_recent", "Lượt gọi này đã cũ hoặc không có", "No such recent call")
    return await _speak(_speaker(request).call, call.number, call.counter_number or 0, busy)


@router.get("/backlog.wav", response_class=Response, responses=WAV)
async def backlog_wav(request: Request, p: Reader) -> Response:
    """'Các số đã gọi đang hiển thị trên màn hình': said once after calls were dropped."""
    return await _speak(_speaker(request).backlog)
