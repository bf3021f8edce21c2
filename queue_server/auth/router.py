"""HTTP routes of staff login and logout."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from queue_core.clock import iso_local
from queue_core.contract import LoginIn, LoginView
from queue_core.errors import NotFound

from ..http.deps import Auth, Bearer, Ctx, Reader, client_address
from ..http.errors import RateLimited, Unauthorized
from ..http.responses import ERRORS
from .authenticator import LoginThrottled

router = APIRouter(tags=["auth"], responses=ERRORS)
LOGIN_ANSWERS: dict[int | str, dict[str, Any]] = {
    429: {**ERRORS[422], "description": "too many failures: wait Retry-After seconds"}
}


@router.post("/auth/login", response_model=LoginView, responses=LOGIN_ANSWERS)
def login(body: LoginIn, request: Request, auth: Auth, ctx: Ctx) -> LoginView:
    if body.counter_id and not any(
        ctx.centres.config(c).counter(body.counter_id) for c in ctx.centres
    ):
        raise NotFound(
            "unknown_counter", f"Không có quầy {body.counter_id}", f"No counter {body.counter_id}"
        )
    try:
        session = auth.login(
            body.username,
            body.password,
            counter_id=body.counter_id,
            client=client_address(request),
        )
    except LoginThrottled as e:
        raise RateLimited(
            "too_many_failures",
            f"Đăng nhập sai nhiều lần; vui lòng thử lại sau {e.wait_s:.0f} giây",
            f"Too many failed logins; try again in {e.wait_s:.0f} s",
            e.wait_s,
        ) from None
    if session is None:
        raise Unauthorized(
            "bad_credentials", "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"
        )
    return LoginView(
        token=session.token,
        role=session.role.value,
        expires_at=iso_local(session.expires_at),
        name=session.name,
    )


@router.post("/auth/logout", status_code=204, responses={204: {"description": "the session ended"}})
def logout(p: Reader, creds: Bearer, request: Request, auth: Auth) -> Response:
    """End this staff session at once, on every server process."""
    if p.staff_id is None or creds is None:
        raise Unauthorized("not_a_session", "Đây không phải phiên đăng nhập", "Not a staff session")
    auth.logout(p, creds.credentials, client_address(request))
    return Response(status_code=204)
