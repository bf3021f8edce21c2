"""Housekeeping on a timer: forget citizen data past its retention, close the tickets a
past day left open, drop old idempotency keys."""

from __future__ import annotations

from queue_core import tickets as rules
from queue_core.contract import EVENT_OF_ACTION, TicketAction
from queue_core.tickets import Status

from ..context import ServerContext
from ..counters.seats import release
from ..storage import idempotency
from ..storage import tickets as ticket_rows
from ..tickets.changes import announce, save
from ..tickets.rows import to_domain
from ..transactions import centre_tx

IDEMPOTENCY_KEEP_S = 2 * 86400


def housekeeping(ctx: ServerContext) -> dict[str, int]:
    now = ctx.clock()
    with ctx.db.write() as conn:
        purged = ticket_rows.purge_citizens(conn, now)
        idempotency.forget_older_than(conn, now - IDEMPOTENCY_KEEP_S)
    closed = sum(close_past_days(ctx, centre_id, now) for centre_id in left_open(ctx, now))
    return {"purged": purged, "closed": closed}


def left_open(ctx: ServerContext, now: float) -> list[str]:
    """The centres with tickets a past day left open: one query per service day (all
    centres share one unless their time zones differ), not one per centre — a province's
    thousand centres asked one by one held the interpreter for a third of a second."""
    by_day: dict[str, list[str]] = {}
    for centre_id in ctx.centres:
        by_day.setdefault(ctx.centres.today(centre_id, now), []).append(centre_id)
    found: set[str] = set()
    with ctx.db.read() as conn:  # nearly always nothing: then take no write lock at all
        for day, centres in by_day.items():
            for i in range(0, len(centres), 500):
                found |= ticket_rows.centres_left_open(conn, centres[i : i + 500], day)
    return sorted(found)


def close_past_days(ctx: ServerContext, centre_id: str, now: float) -> int:
    today = ctx.centres.today(centre_id, now)
    cfg = ctx.centres.config(centre_id)
    with centre_tx(ctx, centre_id, now) as tx:
        rows = ticket_rows.left_open(tx.conn, centre_id, today)
        for row in rows:
            before = to_domain(row)
            if before.status is Status.SERVING:
                after, action = rules.finish(before, now), TicketAction.FINISH
            else:
                after, action = rules.cancel(before, now), TicketAction.CANCEL
            save(tx, row, before, after)
            release(tx, before.counter_id, before.id)
            announce(tx, cfg, EVENT_OF_ACTION[action], row, reason="end_of_day")
    return len(rows)
