"""HTTP route of the rating pad."""

from __future__ import annotations

from fastapi import APIRouter, Response

from queue_core.contract import RatingIn, RatingView

from ..http.deps import Ctx, Rater
from ..http.offload import db_call
from ..http.responses import ERRORS, as_json
from .rate import rate

router = APIRouter(tags=["rating"], responses=ERRORS)


@router.post(
    "/ratings", status_code=201, response_model=RatingView, response_model_exclude_unset=True
)
async def rate_route(body: RatingIn, p: Rater, ctx: Ctx) -> Response:
    return as_json(await db_call(ctx, rate, ctx, p, body), 201)
