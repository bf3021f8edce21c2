"""Who waits at a centre, per lĩnh vực and for a named counter: one read shared by the
snapshot and by the events that change it (`TicketEvent.queue`)."""

from __future__ import annotations

from sqlalchemy import Connection

from queue_core.centre import CentreConfig
from queue_core.contract import QueueView, WaitingForCounter, WaitingView

from ..storage import tickets as ticket_rows

NEXT_NUMBERS = 5


def queue_view(conn: Connection, cfg: CentreConfig, today: str) -> QueueView:
    rows = ticket_rows.waiting(conn, cfg.centre.id, today)
    waiting = []
    for s in cfg.services:
        mine = [w for w in rows if w.service_id == s.id and not w.target_counter_id]
        waiting.append(
            WaitingView(
                service_id=s.id,
                service_name=s.name,
                count=len(mine),
                next_numbers=[w.number for w in mine[:NEXT_NUMBERS]],
            )
        )
    return QueueView(
        service_day=today,
        waiting=waiting,
        waiting_for_counter=[
            WaitingForCounter(number=w.number, counter_id=w.target_counter_id)
            for w in rows
            if w.target_counter_id
        ],
    )
