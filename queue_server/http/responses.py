"""OpenAPI documentation of the error answers every route may give."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import BaseModel

from queue_core.contract import ErrorView

_ERR: dict[str, Any] = {"model": ErrorView}
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**_ERR, "description": "no token, or a revoked or expired one"},
    403: {**_ERR, "description": "this role or device may not do this"},
    404: {**_ERR, "description": "no such ticket, counter, service or centre"},
    409: {**_ERR, "description": "the current state does not allow it"},
    422: {**_ERR, "description": "the request is malformed"},
}
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {
    k: v for k, v in ERRORS.items() if k in (404, 422)
}


def as_json(view: BaseModel, status: int = 200) -> Response:
    """The view as the route's answer, serialised once by pydantic (fields the use case
    set). The route still declares its response model, for the OpenAPI document; giving
    FastAPI a ready Response spares it a dump, a validation and a second dump per answer."""
    return Response(
        view.model_dump_json(exclude_unset=True), status_code=status, media_type="application/json"
    )
