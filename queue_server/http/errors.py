"""JSON errors for every failure: `{"error": {"code", "message"}}`, 4xx for the client's
mistakes, bilingual messages, and never a traceback in a response."""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from queue_core.errors import DomainError, Invalid
from queue_core.validation import describe_errors

log = logging.getLogger("xephang.server")


class Forbidden(Invalid):
    """The caller's role or device binding does not allow this."""

    kind = "forbidden"


class Unauthorized(Invalid):
    """No token, or a token that is unknown, revoked or expired."""

    kind = "unauthorized"


class RateLimited(Invalid):
    """Too many of something for now (logins, open event streams): try again later."""

    kind = "rate_limited"

    def __init__(self, code: str, vi: str, en: str, retry_after_s: float) -> None:
        super().__init__(code, vi, en)
        self.retry_after_s = retry_after_s


class Unavailable(Invalid):
    """The server cannot do it now (the database is down or full): try again later."""

    kind = "unavailable"

    def __init__(self, code: str, vi: str, en: str, retry_after_s: float = 5) -> None:
        super().__init__(code, vi, en)
        self.retry_after_s = retry_after_s


STATUS_OF_KIND = {
    "invalid": 422,
    "not_found": 404,
    "conflict": 409,
    "forbidden": 403,
    "unauthorized": 401,
    "rate_limited": 429,
    "unavailable": 503,
}

HTTP_MESSAGES = {
    404: ("not_found", "Không tìm thấy địa chỉ này", "No such path"),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ", "Method not allowed"),
    413: ("body_too_large", "Nội dung gửi lên quá lớn", "Request body too large"),
}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        status = STATUS_OF_KIND.get(exc.kind, 422)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, RateLimited | Unavailable):
            headers = {"Retry-After": str(max(1, math.ceil(exc.retry_after_s)))}
        return error_response(status, exc.code, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        broken = next((e for e in errors if e.get("type") == "json_invalid"), None)
        if broken is not None:
            reason = (broken.get("ctx") or {}).get("error", "cannot be decoded")
            return error_response(
                422,
                "malformed_json",
                f"Nội dung không phải JSON hợp lệ / Body is not valid JSON: {reason}",
            )
        detail = describe_errors(errors, skip_prefix=("body",), echo=False)
        return error_response(
            422, "invalid_body", f"Dữ liệu gửi lên không hợp lệ / Invalid request: {detail}"
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, vi, en = HTTP_MESSAGES.get(
            exc.status_code, ("http_error", "Yêu cầu không hợp lệ", str(exc.detail))
        )
        return error_response(exc.status_code, code, f"{vi} / {en}")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(
            500, "internal", "Lỗi máy chủ, vui lòng thử lại / Server error, please retry"
        )
