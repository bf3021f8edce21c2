"""Call-next: end the counter's previous citizen, then call the next ticket its policy
picks (or one chosen out of turn)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from queue_core import tickets as rules
from queue_core.call_policy import choose_next, next_streak
from queue_core.contract import EVENT_OF_ACTION, CallNextIn, EventKind, TicketAction, TicketView
from queue_core.errors import Conflict
from queue_core.tickets import Status, Ticket

from ..audit.record import record
from ..auth import Principal
from ..context import ServerContext
from ..storage import tickets as ticket_rows
from ..tickets.changes import announce, load, save, with_citizen
from ..tickets.rows import staff_view, to_domain
from ..transactions import Tx, run_once
from .seats import counter_for, ensure_may_handle, set_state, state_of


def call_next(
    ctx: ServerContext, p: Principal, counter_id: str, body: CallNextIn
) -> TicketView | None:
    """The called ticket, or None when nobody waits for this counter."""
    cfg = ctx.centres.config(p.centre_id)
    counter = counter_for(cfg, p, counter_id)

    def work(tx: Tx) -> TicketView | None:
        state = state_of(tx, counter.id)
        if state["paused"]:
            raise Conflict(
                "counter_paused",
                f"{counter.name} đang tạm dừng; hãy bấm Tiếp tục trước",
                f"Counter {counter.id} is paused; resume it first",
            )
        close_current(tx, ctx, state)
        today = ctx.centres.today(tx.centre_id, tx.now)
        if body.ticket_id:
            row = load(tx.conn, tx.centre_id, body.ticket_id)
            chosen: Ticket | None = to_domain(row)
            assert chosen is not None
            ensure_may_handle(cfg, p, chosen)
        else:
            candidates = ticket_rows.candidates(
                tx.conn, tx.centre_id, today, counter.id, list(counter.services)
            )
            chosen = choose_next(
                [to_domain(r) for r in candidates.values()],
                counter,
                state["priority_streak"],
                cfg.policy.priority_interleave,
            )
            row = candidates[chosen.id] if chosen else {}
        if chosen is None:
            set_state(tx, state, current_ticket_id=None, officer_id=p.officer_id)
            return None
        called = rules.call(chosen, counter.id, p.officer_id, tx.now)
        save(tx, row, chosen, called)
        streak = next_streak(state["priority_streak"], called) if not body.ticket_id else 0
        set_state(
            tx, state, current_ticket_id=called.id, priority_streak=streak, officer_id=p.officer_id
        )
        announce(tx, cfg, EventKind.CALLED, row, counter_name=counter.name)
        how = "gọi ngoài lượt" if body.ticket_id else ""
        record(
            tx.conn,
            tx.centre_id,
            tx.now,
            "call-next",
            actor=p,
            target=called.number,
            detail=f"quầy {counter.id} {how}".strip(),
        )
        return staff_view(row, cfg)

    return run_once(ctx, p, body, f"call-next:{counter.id}", TicketView, work, refresh=with_citizen)


def close_current(tx: Tx, ctx: ServerContext, state: Mapping[str, Any]) -> None:
    """Calling next ends the previous citizen: served if started, else a no-show."""
    current = state["current_ticket_id"]
    if not current:
        return
    row = load(tx.conn, tx.centre_id, current)
    before = to_domain(row)
    if before.status is Status.SERVING or (
        before.status is Status.CALLED and before.started_at is not None
    ):
        after, action = rules.finish(before, tx.now), TicketAction.FINISH
    elif before.status is Status.CALLED:
        after, action = rules.no_show(before, tx.now), TicketAction.NO_SHOW
    else:
        return
    save(tx, row, before, after)
    announce(tx, ctx.centres.config(tx.centre_id), EVENT_OF_ACTION[action], row)
