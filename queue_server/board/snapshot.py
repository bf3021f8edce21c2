"""The queue snapshot every board starts from: counters and who is at each, waiting per
lĩnh vực, the last calls, as of the centre's newest event."""

from __future__ import annotations

import json

from queue_core.board import RECENT_CALLS
from queue_core.contract import CounterView, RecentCall, Snapshot

from ..context import ServerContext
from ..storage import centres as centre_rows
from ..storage import counters as counter_rows
from ..storage import event_log
from ..storage import tickets as ticket_rows
from ..tickets.rows import public_view
from .waiting import queue_view

CACHE = "snapshots"
"""ctx.caches[CACHE]: centre → (service day, last_seq, snapshot). Every change to what a
snapshot shows appends an event, so the same day and sequence mean the same snapshot;
after an event each of a centre's displays and counters asks at once, one builds it."""


def snapshot(ctx: ServerContext, centre_id: str) -> Snapshot:
    cfg = ctx.centres.config(centre_id)
    today = ctx.centres.today(centre_id, ctx.clock())
    cache: dict[str, tuple[str, int, Snapshot]] = ctx.caches.setdefault(CACHE, {})
    with ctx.db.read() as conn:
        last_seq = centre_rows.last_seq(conn, centre_id)
        cached = cache.get(centre_id)
        if cached is not None and cached[:2] == (today, last_seq):
            return cached[2]
        states = counter_rows.of_centre(conn, centre_id)
        current = ticket_rows.by_ids(
            conn, [s["current_ticket_id"] for s in states.values() if s["current_ticket_id"]]
        )
        queue = queue_view(conn, cfg, today)
        recent = event_log.recent_calls(conn, centre_id, RECENT_CALLS)
    counters = []
    for c in cfg.counters:
        st = states.get(c.id)
        cur = current.get(st["current_ticket_id"]) if st and st["current_ticket_id"] else None
        counters.append(
            CounterView(
                id=c.id,
                number=c.number,
                name=c.name,
                location=c.location,
                services=list(c.services),
                paused=bool(st["paused"]) if st else False,
                current=public_view(cur, cfg)
                if cur and cur["status"] in ticket_rows.OPEN
                else None,
            )
        )
    calls = []
    for payload, seq in recent:
        data = json.loads(payload)
        calls.append(
            RecentCall(
                seq=seq,
                number=data["number"],
                counter_id=data.get("counter_id"),
                counter_number=data.get("counter_number"),
                called_at=data.get("called_at"),
            )
        )
    snap = Snapshot(
        centre_id=centre_id,
        service_day=today,
        last_seq=last_seq,
        counters=counters,
        waiting=queue.waiting,
        waiting_for_counter=queue.waiting_for_counter,
        recent_calls=calls,
    )
    cache[centre_id] = (today, last_seq, snap)
    return snap


def last_seq(ctx: ServerContext, centre_id: str) -> int:
    """The centre's newest event (other server processes may have written it)."""
    with ctx.db.read() as conn:
        return centre_rows.last_seq(conn, centre_id)


def last_seqs(ctx: ServerContext, centre_ids: list[str]) -> dict[str, int]:
    """The newest event of each of these centres (the broker's poll, in one query)."""
    with ctx.db.read() as conn:
        return centre_rows.last_seqs(conn, centre_ids)


def events_after(
    ctx: ServerContext, centre_id: str, after: int, limit: int = 500
) -> event_log.EventRows:
    with ctx.db.read() as conn:
        return event_log.after(conn, centre_id, after, limit)
