"""The v1 HTTP contract (DESIGN.md): paths and fields are extended, never renamed.

Queue endpoints are `async` and run their short database work on the event loop: every
write of a centre is serialised anyway, and skipping the thread pool hand-off doubles
throughput on a 2-core machine. Slow work (login's scrypt, reports) stays in threads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from queue_core.clock import iso_local
from queue_core.errors import Invalid
from queue_core.periods import span

from . import reports
from .api_models import (
    CallNextIn,
    HealthIn,
    IssueIn,
    LoginIn,
    Mutation,
    RatingIn,
    RecallIn,
    TransferIn,
)
from .deps import CounterStaff, Issuer, Rater, Reader, Reporter, Svc
from .errors import Unauthorized, error_response
from .events import stream_events
from .public_page import render_ticket_page
from .queue_service import QueueService

T = TypeVar("T")

router = APIRouter()
v1 = APIRouter(prefix="/api/v1")


async def db_call(svc: QueueService, fn: Callable[..., T], *args: Any) -> T:
    """SQLite work is short and serialised: run it on the loop. PostgreSQL waits on the
    network, so it runs in the thread pool where several centres overlap."""
    if svc.db.is_sqlite:
        return fn(*args)
    return await run_in_threadpool(fn, *args)


def _reply(result: tuple[int, Any]) -> Response:
    status, body = result
    if status == 204:
        return Response(status_code=204)
    return JSONResponse(body, status_code=status)


@router.get("/healthz", tags=["ops"])
def healthz(request: Request) -> JSONResponse:
    try:
        ok = request.app.state.service.db.ping()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        ok = False
    return JSONResponse(
        {"ok": ok, "database": "up" if ok else "down"}, status_code=200 if ok else 503
    )


@v1.post("/auth/login", tags=["auth"])
def login(body: LoginIn, request: Request) -> dict[str, Any]:
    got = request.app.state.auth.login(body.username, body.password)
    if got is None:
        raise Unauthorized(
            "bad_credentials", "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"
        )
    token, role, expires = got
    return {"token": token, "role": role.value, "expires_at": iso_local(expires)}


@v1.get("/centre", tags=["read"])
async def centre(p: Reader, svc: Svc) -> dict[str, Any]:
    return svc.config(p.centre_id).model_dump()


@v1.post("/tickets", status_code=201, tags=["kiosk"])
async def issue_ticket(body: IssueIn, p: Issuer, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.issue, p, body))


@v1.get("/tickets", tags=["read"])
async def find_tickets(
    p: Reader, svc: Svc, number: Annotated[str, Query(min_length=1, max_length=12)]
) -> list[dict[str, Any]]:
    """Today's tickets with this number, e.g. ?number=1023."""
    return await db_call(svc, svc.find_by_number, p, number)


@v1.get("/tickets/{ticket_id}", tags=["read"])
async def get_ticket(ticket_id: str, p: Reader, svc: Svc) -> dict[str, Any]:
    return await db_call(svc, svc.ticket, p, ticket_id)


@v1.get("/queue", tags=["read"])
async def queue(p: Reader, svc: Svc) -> dict[str, Any]:
    return await db_call(svc, svc.snapshot, p.centre_id)


@v1.post(
    "/counters/{counter_id}/call-next",
    tags=["counter"],
    responses={204: {"description": "nobody waiting"}},
)
async def call_next(counter_id: str, body: CallNextIn, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.call_next, p, counter_id, body))


@v1.post("/counters/{counter_id}/pause", tags=["counter"])
async def pause(counter_id: str, body: Mutation, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.set_paused, p, counter_id, True, body))


@v1.post("/counters/{counter_id}/resume", tags=["counter"])
async def resume(counter_id: str, body: Mutation, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.set_paused, p, counter_id, False, body))


@v1.post("/tickets/{ticket_id}/recall", tags=["counter"])
async def recall(ticket_id: str, body: RecallIn, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.act, p, ticket_id, "recall", body))


@v1.post("/tickets/{ticket_id}/no-show", tags=["counter"])
async def no_show(ticket_id: str, body: Mutation, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.act, p, ticket_id, "no-show", body))


@v1.post("/tickets/{ticket_id}/start", tags=["counter"])
async def start(ticket_id: str, body: Mutation, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.act, p, ticket_id, "start", body))


@v1.post("/tickets/{ticket_id}/finish", tags=["counter"])
async def finish(ticket_id: str, body: Mutation, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.act, p, ticket_id, "finish", body))


@v1.post("/tickets/{ticket_id}/transfer", tags=["counter"])
async def transfer(ticket_id: str, body: TransferIn, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.act, p, ticket_id, "transfer", body))


@v1.post("/tickets/{ticket_id}/cancel", tags=["counter"])
async def cancel(ticket_id: str, body: Mutation, p: CounterStaff, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.act, p, ticket_id, "cancel", body))


@v1.post("/ratings", status_code=201, tags=["rating"])
async def rate(body: RatingIn, p: Rater, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.rate, p, body))


@v1.post("/devices/health", tags=["devices"])
async def device_health(body: HealthIn, p: Reader, svc: Svc) -> Response:
    return _reply(await db_call(svc, svc.report_health, p, body))


@v1.get("/events", tags=["read"], response_class=StreamingResponse)
async def events(
    request: Request,
    p: Reader,
    svc: Svc,
    after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
) -> StreamingResponse:
    """Server-Sent Events; `id:` is the centre's sequence. Last-Event-ID wins over ?after."""
    start_at = after
    if last_event_id is not None and last_event_id.strip():
        if not last_event_id.strip().isdigit():
            raise Invalid(
                "bad_last_event_id", "Last-Event-ID không hợp lệ", "Last-Event-ID must be a number"
            )
        start_at = int(last_event_id)
    if start_at is None:
        start_at = (await db_call(svc, svc.snapshot, p.centre_id))["last_seq"]
    settings = request.app.state.settings
    body = stream_events(
        request.app.state.broker,
        svc.events_after,
        p.centre_id,
        start_at,
        inline=svc.db.is_sqlite,
        keepalive_s=settings.keepalive_s,
    )
    return StreamingResponse(
        body,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@v1.get("/reports/summary", tags=["reports"])
def report_summary(
    p: Reporter,
    svc: Svc,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: Annotated[date | None, Query()] = None,
) -> dict[str, Any]:
    """Figures for service days from..to (inclusive); today when no range is given."""
    today = date.fromisoformat(svc.today(p.centre_id, svc.clock()))
    first, last = from_ or to or today, to or from_ or today
    span(first, last)  # 'to' before 'from' is refused here, as on the command line
    if (last - first).days > 3660:
        raise Invalid("range_too_long", "Khoảng thời gian quá dài", "Range longer than 10 years")
    return reports.summary(svc.db, svc.config(p.centre_id), first, last)


@router.get("/t/{token}", response_class=HTMLResponse, tags=["public"])
async def public_ticket(token: str, request: Request, svc: Svc) -> Response:
    view = await db_call(svc, svc.public_ticket, token) if len(token) <= 64 else None
    wants_json = "application/json" in request.headers.get("accept", "")
    if view is None:
        if wants_json:
            return error_response(404, "unknown_ticket", "Không tìm thấy phiếu / No such ticket")
        return HTMLResponse(render_ticket_page(None), status_code=404)
    if wants_json:
        return JSONResponse(view)
    return HTMLResponse(render_ticket_page(view))


router.include_router(v1)
