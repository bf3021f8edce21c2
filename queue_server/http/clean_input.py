"""Refuse a NUL character anywhere in the path or the query before any route sees it:
PostgreSQL cannot store one, and no address of ours contains one (422, both languages)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_response


class RefuseNul:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_nul(scope):
            response = error_response(
                422,
                "invalid_characters",
                "Địa chỉ chứa ký tự không hợp lệ / The address contains a NUL character",
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _has_nul(scope: Scope) -> bool:
    raw = bytes(scope.get("raw_path") or b"") + b"?" + bytes(scope.get("query_string") or b"")
    return "\x00" in scope.get("path", "") or b"\x00" in raw or b"%00" in raw.lower()
