"""HTTP routes of the counter: call next, pause and resume, and the commands on a ticket."""

from __future__ import annotations

from fastapi import APIRouter, Response

from queue_core.contract import (
    CallNextIn,
    Mutation,
    PauseView,
    RecallIn,
    TicketAction,
    TicketView,
    TransferIn,
)

from ..http.deps import CounterStaff, Ctx
from ..http.offload import db_call
from ..http.responses import ERRORS, as_json
from .actions import act, set_paused
from .calls import call_next

router = APIRouter(tags=["counter"], responses=ERRORS)


@router.post(
    "/counters/{counter_id}/call-next",
    response_model=TicketView,
    response_model_exclude_unset=True,
    responses={204: {"description": "nobody waiting"}},
)
async def call_next_route(
    counter_id: str, body: CallNextIn, p: CounterStaff, ctx: Ctx
) -> TicketView | Response:
    called = await db_call(ctx, call_next, ctx, p, counter_id, body)
    return Response(status_code=204) if called is None else as_json(called)


@router.post(
    "/counters/{counter_id}/pause", response_model=PauseView, response_model_exclude_unset=True
)
async def pause(counter_id: str, body: Mutation, p: CounterStaff, ctx: Ctx) -> Response:
    return as_json(await db_call(ctx, set_paused, ctx, p, counter_id, True, body))


@router.post(
    "/counters/{counter_id}/resume", response_model=PauseView, response_model_exclude_unset=True
)
async def resume(counter_id: str, body: Mutation, p: CounterStaff, ctx: Ctx) -> Response:
    return as_json(await db_call(ctx, set_paused, ctx, p, counter_id, False, body))


ACTION_BODIES: dict[TicketAction, type[Mutation]] = {
    TicketAction.RECALL: RecallIn,
    TicketAction.TRANSFER: TransferIn,
}
"""What each command on a ticket takes; the others take only their idempotency key."""


def _ticket_route(action: TicketAction) -> None:
    """POST /tickets/{ticket_id}/{action}, one route per command, one body type each."""

    async def command(ticket_id: str, body: Mutation, p: CounterStaff, ctx: Ctx) -> Response:
        return as_json(await db_call(ctx, act, ctx, p, ticket_id, action, body))

    # FastAPI reads the body's model from the annotation: give each route its own.
    command.__annotations__ = {
        **command.__annotations__,
        "body": ACTION_BODIES.get(action, Mutation),
    }
    router.add_api_route(
        f"/tickets/{{ticket_id}}/{action.value}",
        command,
        methods=["POST"],
        name=action.value,
        response_model=TicketView,
        response_model_exclude_unset=True,
    )


for _action in TicketAction:
    _ticket_route(_action)
