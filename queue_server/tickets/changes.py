"""Loading a ticket for a command, writing its new state, and announcing it as an event:
what every use case that changes a ticket shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from queue_core.centre import CentreConfig
from queue_core.contract import EventKind, TicketView
from queue_core.errors import NotFound
from queue_core.tickets import Ticket

from ..storage import tickets as ticket_rows
from ..transactions import Tx
from .rows import changed_columns, citizen_view, event_view

Row = dict[str, Any]


def load(conn: Connection, centre_id: str, ticket_id: str) -> Row:
    row = ticket_rows.get(conn, centre_id, ticket_id)
    if row is None:
        raise NotFound(
            "unknown_ticket", "Không tìm thấy phiếu này", "No such ticket at this centre"
        )
    return row


def save(tx: Tx, row: Row, before: Ticket, after: Ticket) -> None:
    """Write what the transition changed into the row (in memory and in the database)."""
    changes = changed_columns(before, after)
    if after.called_at is not None and row.get("first_called_at") is None:
        changes["first_called_at"] = after.called_at
    if changes:
        row.update(changes)
        ticket_rows.set_state(tx.conn, row)


def announce(
    tx: Tx, cfg: CentreConfig, kind: EventKind, row: Mapping[str, Any], **extra: Any
) -> None:
    """Append a ticket.* event carrying the ticket's public view."""
    tx.emit(kind, event_view(row, cfg, **extra), ticket_id=row["id"], counter_id=row["counter_id"])


def with_citizen(tx: Tx, view: TicketView) -> TicketView:
    """A replayed staff answer with the citizen as the ticket holds them now."""
    row = ticket_rows.get(tx.conn, tx.centre_id, view.id) if view.id else None
    view.citizen = citizen_view(row) if row else None
    return view
