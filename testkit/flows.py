"""Short walks through the queue that several tests and tools need."""

from __future__ import annotations

from queue_core.contract import CallNextIn, IssueIn, Mutation, TicketAction, TicketEvent

from .keys import key
from .servers import TestServer


def served(srv: TestServer, counter: str = "01") -> TicketEvent:
    """Issue, call and finish one ticket at `counter`: the ticket.finished payload."""
    srv.api("kiosk").issue(IssueIn(service_id="ho-tich", idempotency_key=key()))
    officer = srv.api("counter")
    called = officer.call_next(counter, CallNextIn(idempotency_key=key()))
    assert called is not None and called.id is not None
    done = officer.act(called.id, TicketAction.FINISH, Mutation(idempotency_key=key()))
    return TicketEvent.model_validate(done.model_dump())
