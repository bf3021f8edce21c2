"""Wiring of the server: database, centres, auth, broker, routes, housekeeping."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from fastapi import FastAPI
from sqlalchemy import select

from queue_core.centre import CentreConfig

from .api import router
from .auth import Authenticator
from .body_limit import BodyLimit, BodyTooLarge
from .errors import error_response, install_error_handlers
from .events import Broker
from .queue_service import QueueService
from .storage import schema
from .storage.database import Database

log = logging.getLogger("xephang.server")


@dataclass
class ServerSettings:
    db_url: str
    centres: Sequence[CentreConfig]
    keepalive_s: float = 15.0
    poll_s: float = 1.0
    housekeeping_s: float = 60.0
    max_body_bytes: int = 64 * 1024
    extra: dict[str, str] = field(default_factory=dict)


def register_centres(db: Database, centres: Sequence[CentreConfig]) -> None:
    """Keep a copy of each centre's configuration beside its data (for reports), and
    make sure its event-sequence row exists before concurrent writers need it."""
    c = schema.centres
    with db.write() as conn:
        for cfg in centres:
            data = json.dumps(cfg.model_dump(), ensure_ascii=False)
            exists = conn.execute(select(c.c.id).where(c.c.id == cfg.centre.id)).first()
            values = {"name": cfg.centre.name, "config_json": data, "updated_at": time.time()}
            if exists:
                conn.execute(c.update().where(c.c.id == cfg.centre.id).values(**values))
            else:
                conn.execute(c.insert().values(id=cfg.centre.id, **values))
            db.lock_centre(conn, cfg.centre.id)  # its sequence row exists before any request


def create_app(settings: ServerSettings) -> FastAPI:
    db = Database(settings.db_url)
    db.ensure_schema()
    register_centres(db, settings.centres)
    service = QueueService(db, {c.centre.id: c for c in settings.centres})
    broker = Broker(service.last_seq, inline=db.is_sqlite, poll_s=settings.poll_s)
    service.notify = broker.notify

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        broker.bind(asyncio.get_running_loop())
        # What exists now (modules, routes, configs) lives as long as the server: keep it
        # out of the collector's full passes, which otherwise pause every request.
        gc.collect()
        gc.freeze()
        task = asyncio.create_task(_housekeeping(service, settings.housekeeping_s))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            db.dispose()

    app = FastAPI(
        title="XepHang queue server",
        version="1",
        description="Queue server for Vietnamese public administrative service centres.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = service
    app.state.auth = Authenticator(db)
    app.state.broker = broker
    install_error_handlers(app)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(_request: object, _exc: BodyTooLarge) -> object:
        return error_response(
            413, "body_too_large", "Nội dung gửi lên quá lớn / Request body too large"
        )

    app.include_router(router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app


async def _housekeeping(service: QueueService, every_s: float) -> None:
    while True:
        try:
            done = await asyncio.to_thread(service.housekeeping)
            if any(done.values()):
                log.info("housekeeping: %s", done)
        except Exception:
            log.exception("housekeeping failed")
        await asyncio.sleep(every_s)
