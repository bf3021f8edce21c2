"""FastAPI dependencies: the server context, and the principal behind a bearer token
checked for a permission."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from ..auth import Authenticator, Permission, Principal
from ..context import ServerContext
from .errors import Forbidden, Unauthorized

bearer = HTTPBearer(auto_error=False, description="Device token or staff session token")


async def context(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.context
    return ctx


async def authenticator(request: Request) -> Authenticator:
    auth: Authenticator = request.app.state.auth
    return auth


def client_address(request: Request) -> str | None:
    """The caller's address (what uvicorn trusts of X-Forwarded-For: its proxy's)."""
    return request.client.host if request.client else None


def require(permission: Permission) -> Any:
    """A dependency returning the caller, or failing with 401/403 in both languages."""

    async def check(
        request: Request,
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if creds is None or not creds.credentials:
            raise Unauthorized(
                "missing_token",
                "Thiếu mã xác thực thiết bị hoặc phiên đăng nhập",
                "A bearer token is required",
            )
        auth: Authenticator = request.app.state.auth
        p = await run_in_threadpool(auth.principal, creds.credentials)  # off the loop
        if p is None:
            raise Unauthorized(
                "bad_token",
                "Mã xác thực không hợp lệ, đã thu hồi hoặc hết hạn",
                "The token is unknown, revoked or expired",
            )
        if not p.can(permission):
            raise Forbidden(
                "forbidden",
                f"Thiết bị loại '{p.role.value}' không được phép làm việc này",
                f"Role '{p.role.value}' may not do this ({permission.value})",
            )
        return p

    return Depends(check)


Ctx = Annotated[ServerContext, Depends(context)]
Auth = Annotated[Authenticator, Depends(authenticator)]
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
Reader = Annotated[Principal, require(Permission.READ)]
Issuer = Annotated[Principal, require(Permission.ISSUE)]
CounterStaff = Annotated[Principal, require(Permission.COUNTER)]
Rater = Annotated[Principal, require(Permission.RATE)]
Reporter = Annotated[Principal, require(Permission.REPORT)]
Admin = Annotated[Principal, require(Permission.MANAGE)]
