"""HTTP route of the live event stream (Server-Sent Events with replay)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from queue_core.contract import StreamedEvent
from queue_core.errors import Invalid

from ..board.snapshot import events_after, snapshot
from ..http.deps import Ctx, Reader
from ..http.offload import db_call
from ..http.responses import ERRORS
from .broker import EventRows, stream_events

router = APIRouter(tags=["read"], responses=ERRORS)


class EventStreamResponse(StreamingResponse):
    media_type = "text/event-stream"


@router.get(
    "/events",
    response_class=EventStreamResponse,
    responses={200: {"model": StreamedEvent, "description": "one message per event"}},
)
async def events(
    request: Request,
    p: Reader,
    ctx: Ctx,
    after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
) -> EventStreamResponse:
    """Server-Sent Events; `id:` is the centre's sequence. Last-Event-ID wins over ?after."""
    start_at = after
    if last_event_id is not None and last_event_id.strip():
        if not last_event_id.strip().isdigit():
            raise Invalid(
                "bad_last_event_id", "Last-Event-ID không hợp lệ", "Last-Event-ID must be a number"
            )
        start_at = int(last_event_id)
    if start_at is None:
        start_at = (await db_call(ctx, snapshot, ctx, p.centre_id)).last_seq

    def read(centre_id: str, cursor: int) -> EventRows:
        return events_after(ctx, centre_id, cursor)

    body = stream_events(
        request.app.state.broker,
        read,
        p.centre_id,
        start_at,
        inline=ctx.db.is_sqlite,
        keepalive_s=request.app.state.settings.keepalive_s,
    )
    return EventStreamResponse(
        body, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )
