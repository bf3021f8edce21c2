"""HTTP route of the live event stream (Server-Sent Events with replay)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from queue_core.contract import EventKind, StreamedEvent
from queue_core.errors import Invalid

from ..auth import token_digest
from ..board.snapshot import last_seq
from ..http.deps import Bearer, Ctx, Reader
from ..http.offload import db_call
from ..http.responses import ERRORS
from .broker import format_event, stream_events
from .limits import StreamLimits
from .revocation import TokenWatch

router = APIRouter(tags=["read"], responses=ERRORS)
MAX_SEQ = 2**62
_DIGITS = re.compile(r"[0-9]{1,19}")


class EventStreamResponse(StreamingResponse):
    media_type = "text/event-stream"


def _resume_point(after: int | None, last_event_id: str | None) -> int | None:
    """Last-Event-ID wins over ?after; ASCII digits only, at most 2^62."""
    if last_event_id is None or not last_event_id.strip():
        return after
    text = last_event_id.strip()
    if not _DIGITS.fullmatch(text) or int(text) > MAX_SEQ:
        raise Invalid(
            "bad_last_event_id",
            "Last-Event-ID không hợp lệ (chỉ chữ số 0–9)",
            "Last-Event-ID must be a sequence number (digits 0-9)",
        )
    return int(text)


@router.get(
    "/events",
    response_class=EventStreamResponse,
    responses={
        200: {"model": StreamedEvent, "description": "one message per event"},
        429: {**ERRORS[422], "description": "too many streams open: wait Retry-After seconds"},
    },
)
async def events(
    request: Request,
    p: Reader,
    ctx: Ctx,
    creds: Bearer,
    after: Annotated[int | None, Query(ge=0, le=MAX_SEQ)] = None,
    last_event_id: Annotated[str | None, Header(max_length=24)] = None,
) -> EventStreamResponse:
    """Server-Sent Events; `id:` is the centre's sequence. A device whose last sequence is
    ahead of the log (a restored database) gets `stream.resync` and starts again there."""
    start_at = _resume_point(after, last_event_id)
    newest = await db_call(ctx, last_seq, ctx, p.centre_id, write=False)
    resync = start_at is not None and start_at > newest
    if start_at is None or resync:
        start_at = newest
    token = creds.credentials if creds else ""
    limits: StreamLimits = request.app.state.stream_limits
    digest = token_digest(token)
    limits.admit(digest)

    watch: TokenWatch = request.app.state.token_watch

    async def still_allowed() -> bool:
        return watch.allowed(digest)

    settings = request.app.state.settings

    async def body() -> AsyncIterator[bytes]:
        with limits.held(digest):
            if resync:
                resync_event = json.dumps({"last_seq": newest})
                yield format_event(newest, EventKind.RESYNC.value, resync_event).encode()
            async for chunk in stream_events(
                request.app.state.broker,
                p.centre_id,
                start_at,
                newest,
                keepalive_s=settings.keepalive_s,
                still_allowed=still_allowed,
                recheck_s=settings.recheck_s,
            ):
                yield chunk

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return EventStreamResponse(body(), headers=headers)
