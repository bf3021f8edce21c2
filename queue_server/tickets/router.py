"""HTTP routes of tickets: issue (kiosk), read by id or number."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from queue_core.contract import IssueIn, TicketView

from ..http.deps import Ctx, Issuer, Reader
from ..http.offload import db_call
from ..http.responses import ERRORS, as_json
from . import reads
from .issue import issue

router = APIRouter(responses=ERRORS)


@router.post(
    "/tickets",
    status_code=201,
    tags=["kiosk"],
    response_model=TicketView,
    response_model_exclude_unset=True,
)
async def issue_ticket(body: IssueIn, p: Issuer, ctx: Ctx) -> Response:
    return as_json(await db_call(ctx, issue, ctx, p, body), 201)


@router.get(
    "/tickets", tags=["read"], response_model=list[TicketView], response_model_exclude_unset=True
)
async def find_tickets(
    p: Reader, ctx: Ctx, number: Annotated[str, Query(min_length=1, max_length=12)]
) -> list[TicketView]:
    """Today's tickets with this number, e.g. ?number=1023."""
    return await db_call(ctx, reads.find_by_number, ctx, p, number, write=False)


@router.get(
    "/tickets/{ticket_id}",
    tags=["read"],
    response_model=TicketView,
    response_model_exclude_unset=True,
)
async def get_ticket(ticket_id: str, p: Reader, ctx: Ctx) -> Response:
    return as_json(await db_call(ctx, reads.ticket, ctx, p, ticket_id, write=False))
