"""Wiring of the server: database, centres, auth, broker, the rooms' routers, housekeeping."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from queue_core.centre import CentreConfig

from .audit.router import router as audit_router
from .auth import Authenticator
from .auth.router import router as auth_router
from .board.router import router as board_router
from .board.snapshot import events_after, last_seqs
from .centres import CentreDirectory, register_centres
from .context import EventRows, ServerContext
from .counters.router import router as counters_router
from .devices.router import router as devices_router
from .events.broker import Broker
from .events.limits import StreamLimits
from .events.pg_listen import PgListener
from .events.pg_notify import PgNotifier
from .events.revocation import TokenWatch
from .events.router import router as events_router
from .http.body_limit import BodyLimit, BodyTooLarge
from .http.clean_input import RefuseNul
from .http.docs import install_docs
from .http.errors import error_response, install_error_handlers
from .http.outages import install_outage_handlers
from .ops.housekeeping import housekeeping
from .ops.router import router as ops_router
from .public import router as public
from .ratings.router import router as ratings_router
from .reports.router import router as reports_router
from .screen.pairing_router import page_router as pairing_page_router
from .screen.pairing_router import router as pairing_router
from .screen.router import page_router as screen_page_router
from .screen.router import router as screen_router
from .screen.speech import Announcements
from .secret import load_secret
from .storage.database import Database
from .tickets.router import router as tickets_router

log = logging.getLogger("xephang.server")
GC_THRESHOLDS = (50_000, 20, 100)

__all__ = ["ServerSettings", "create_app", "register_centres"]


@dataclass
class ServerSettings:
    db_url: str
    centres: Sequence[CentreConfig]
    keepalive_s: float = 15.0
    poll_s: float = 1.0
    listen: bool = True
    """PostgreSQL: wake streams by LISTEN/NOTIFY across server processes."""
    fallback_poll_s: float = 10.0
    """PostgreSQL with the listener: how often the broker still polls, as a safety net."""
    housekeeping_s: float = 60.0
    max_body_bytes: int = 64 * 1024
    recheck_s: float = 5.0
    """How often an open event stream checks that its token is still valid."""
    streams_per_token: int = 8
    streams_total: int = 12000
    """Event streams one process keeps open (`--max-streams`): 7 per centre."""
    speech_engine: str = "espeak-ng"
    """How browser displays' calls are spoken: espeak-ng, or 'clips' from `clips_dir`."""
    clips_dir: str = "data/clips"
    screen_playback_rate: float = 1.0
    """How fast browser displays play calls (tests and fast demos play them faster)."""
    screen_heartbeat_s: float = 30.0
    """How often a browser display reports that it is alive (and checks the version)."""
    secret_file: str | None = None
    """The installation secret's file (queue_server.secret); None: an ephemeral key."""
    extra: dict[str, str] = field(default_factory=dict)


def api_v1() -> APIRouter:
    """The v1 contract (DESIGN.md), one router per room."""
    v1 = APIRouter(prefix="/api/v1")
    for room in (
        auth_router,
        board_router,
        tickets_router,
        counters_router,
        ratings_router,
        devices_router,
        events_router,
        reports_router,
        audit_router,
        screen_router,
        pairing_router,
    ):
        v1.include_router(room)
    return v1


def create_app(settings: ServerSettings, *, clock: Callable[[], float] | None = None) -> FastAPI:
    db = Database(settings.db_url)
    db.ensure_schema()
    register_centres(db, settings.centres)
    ctx = ServerContext(db, CentreDirectory(settings.centres), load_secret(settings.secret_file))
    if clock is not None:
        ctx.clock = clock
    listening = not db.is_sqlite and settings.listen
    # With LISTEN/NOTIFY the poll is only a safety net for a reconnecting listener.
    poll_s = max(settings.poll_s, settings.fallback_poll_s) if listening else settings.poll_s
    broker = Broker(
        lambda centres: last_seqs(ctx, centres),
        lambda cid, after: events_after(ctx, cid, after),
        poll_s=poll_s,
    )
    listener = PgListener(settings.db_url, broker.notify) if listening else None
    notifier = PgNotifier(settings.db_url) if not db.is_sqlite else None

    def notify(centre_id: str, seq: int, rows: EventRows | None = None) -> None:
        broker.notify(centre_id, seq, rows)  # this process's streams
        if notifier is not None:
            notifier.send(centre_id, seq)  # the other processes', by NOTIFY

    ctx.notify = notify

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        broker.bind(asyncio.get_running_loop())
        if listener is not None:
            listener.start()
        if notifier is not None:
            notifier.start()
        # What exists now (modules, routes, configs) lives as long as the server: keep it
        # out of the collector's full passes, which otherwise pause every request.
        gc.collect()
        gc.freeze()
        # Collect the young generation every 50,000 allocations, not 700: a server with
        # thousands of open streams otherwise walks them in collections that stall one
        # event's fan-out by 100 ms and more (bench/streams.py: p99 165 -> 60 ms).
        gc.set_threshold(*GC_THRESHOLDS)
        tasks = [
            asyncio.create_task(_housekeeping(ctx, settings.housekeeping_s)),
            asyncio.create_task(app.state.token_watch.run()),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if listener is not None:
                await asyncio.to_thread(listener.stop)
            if notifier is not None:
                await asyncio.to_thread(notifier.stop)
            db.dispose()

    app = FastAPI(
        title="XepHang queue server",
        version="1",
        description="Queue server for Vietnamese public administrative service centres.",
        lifespan=lifespan,
        docs_url=None,  # served by install_docs from vendored files: works offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.context = ctx
    app.state.auth = auth = Authenticator(db)
    app.state.broker = broker
    app.state.stream_limits = limits = StreamLimits(
        settings.streams_per_token, settings.streams_total
    )
    app.state.token_watch = TokenWatch(limits.digests, auth.still_valid, settings.recheck_s)
    app.state.announcements = Announcements(settings.speech_engine, settings.clips_dir)
    install_error_handlers(app)
    install_outage_handlers(app)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(_request: object, _exc: BodyTooLarge) -> object:
        return error_response(
            413, "body_too_large", "Nội dung gửi lên quá lớn / Request body too large"
        )

    app.include_router(ops_router)
    app.include_router(api_v1())
    app.include_router(public.router)
    app.include_router(pairing_page_router)  # before /screen/{label}: "pair" is no label
    app.include_router(screen_page_router)
    install_docs(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RefuseNul)
    app.openapi = lambda: _openapi(app, public.SCHEMAS)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI, extra: Sequence[type[BaseModel]]) -> dict[str, object]:
    """The generated document, plus the schemas routes refer to by hand."""
    if app.openapi_schema is None:
        doc = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        for model in extra:
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(found.pop("$defs", {}))
            schemas[model.__name__] = found
        app.openapi_schema = doc
    return app.openapi_schema


async def _housekeeping(ctx: ServerContext, every_s: float) -> None:
    while True:
        try:
            done = await asyncio.to_thread(housekeeping, ctx)
            if any(done.values()):
                log.info("housekeeping: %s", done)
        except Exception:
            log.exception("housekeeping failed")
        await asyncio.sleep(every_s)
