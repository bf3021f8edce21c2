"""Reading tickets: one by id, today's by number, and the citizen's public view."""

from __future__ import annotations

from queue_core.contract import PublicTicketView, TicketView

from ..auth import Permission, Principal
from ..context import ServerContext
from ..storage import tickets as ticket_rows
from .changes import load
from .position import with_position
from .rows import citizen_view, public_view, staff_view


def ticket(ctx: ServerContext, p: Principal, ticket_id: str) -> TicketView:
    cfg = ctx.centres.config(p.centre_id)
    with ctx.db.read() as conn:
        row = load(conn, p.centre_id, ticket_id)
        view = with_position(conn, cfg, row)
    if p.can(Permission.SEE_CITIZEN):
        view.citizen = citizen_view(row)
    return view


def find_by_number(ctx: ServerContext, p: Principal, number: str) -> list[TicketView]:
    """Today's tickets with this number (an officer calling a number out of turn)."""
    cfg = ctx.centres.config(p.centre_id)
    today = ctx.centres.today(p.centre_id, ctx.clock())
    with ctx.db.read() as conn:
        rows = ticket_rows.by_number(conn, p.centre_id, today, number.strip().upper())
    view = staff_view if p.can(Permission.SEE_CITIZEN) else public_view
    return [view(r, cfg) for r in rows]


def public_ticket(ctx: ServerContext, token: str) -> PublicTicketView | None:
    """For /t/{token}: no id, no name, no personal data."""
    with ctx.db.read() as conn:
        row = ticket_rows.by_public_token(conn, token)
        if row is None or row["centre_id"] not in ctx.centres:
            return None
        cfg = ctx.centres.config(row["centre_id"])
        view = with_position(conn, cfg, row)
    return PublicTicketView(
        centre_id=cfg.centre.id,
        centre_name=cfg.centre.name,
        number=view.number,
        service_name=view.service_name,
        status=view.status,
        counter_number=view.counter_number,
        issued_at=view.issued_at,
        called_at=view.called_at,
        waiting_ahead=view.waiting_ahead,
        estimated_wait_s=view.estimated_wait_s,
    )
