"""When the database is down, full or read-only, say so: 503 with Retry-After and a
message in both languages, and one log line per outage instead of a traceback per
request. A value the database cannot take is the client's mistake: 422."""

from __future__ import annotations

import logging
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, OperationalError

from .errors import error_response

log = logging.getLogger("xephang.server")
RETRY_AFTER_S = 5
QUIET_S = 60.0
"""An outage is logged once, then again only if it lasts longer than this."""


class OutageLog:
    def __init__(self) -> None:
        self.last_logged = 0.0

    def seen(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self.last_logged >= QUIET_S:
            first = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
            log.error("database unavailable (%s): %s", type(exc).__name__, first)
            self.last_logged = now


def unavailable() -> JSONResponse:
    return error_response(
        503,
        "database_unavailable",
        "Máy chủ tạm thời không ghi được dữ liệu, vui lòng thử lại sau ít phút / "
        "The database is unavailable; please retry shortly",
        {"Retry-After": str(RETRY_AFTER_S)},
    )


def install_outage_handlers(app: FastAPI) -> None:
    outages = OutageLog()

    @app.exception_handler(DataError)
    async def _bad_value(_: Request, exc: DataError) -> JSONResponse:
        return error_response(
            422,
            "invalid_value",
            "Dữ liệu gửi lên có giá trị máy chủ không lưu được / A value cannot be stored",
        )

    @app.exception_handler(OperationalError)
    async def _down(_: Request, exc: OperationalError) -> JSONResponse:
        outages.seen(exc)
        return unavailable()

    @app.exception_handler(DBAPIError)
    async def _dbapi(_: Request, exc: DBAPIError) -> JSONResponse:
        if exc.connection_invalidated or isinstance(exc.orig, OSError):
            outages.seen(exc)
            return unavailable()
        raise exc
