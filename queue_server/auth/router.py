"""HTTP route of staff login."""

from __future__ import annotations

from fastapi import APIRouter, Request

from queue_core.clock import iso_local
from queue_core.contract import LoginIn, LoginView

from ..http.errors import Unauthorized
from ..http.responses import ERRORS

router = APIRouter(tags=["auth"], responses=ERRORS)


@router.post("/auth/login", response_model=LoginView, response_model_exclude_unset=True)
def login(body: LoginIn, request: Request) -> LoginView:
    got = request.app.state.auth.login(body.username, body.password)
    if got is None:
        raise Unauthorized(
            "bad_credentials", "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"
        )
    token, role, expires = got
    return LoginView(token=token, role=role.value, expires_at=iso_local(expires))
