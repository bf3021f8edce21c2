"""Call-next: end the counter's previous citizen, then call the next ticket its policy
picks (or one chosen out of turn)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from queue_core import tickets as rules
from queue_core.call_policy import Choice, Rule, choose, reason
from queue_core.centre import CentreConfig, Counter
from queue_core.contract import EVENT_OF_ACTION, CallNextIn, EventKind, TicketAction, TicketView
from queue_core.errors import Conflict
from queue_core.tickets import Status

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
        choice: Choice | None
        if body.ticket_id:
            row = load(tx.conn, tx.centre_id, body.ticket_id)
            picked = to_domain(row)
            ensure_may_handle(cfg, p, picked)
            choice = Choice(picked, Rule.OUT_OF_TURN, 0)
        else:
            candidates = ticket_rows.candidates(
                tx.conn, tx.centre_id, today, counter.id, queues_of(cfg, counter)
            )
            choice = choose(
                [to_domain(r) for r in candidates.values()],
                counter,
                state["priority_streak"],
                cfg.policy.priority_interleave,
                now=tx.now,
                max_wait_s=cfg.policy.priority_max_wait_min * 60,
            )
            row = candidates[choice.ticket.id] if choice else {}
        if choice is None:
            set_state(tx, state, current_ticket_id=None, officer_id=p.officer_id)
            return None
        chosen = choice.ticket
        called = rules.call(chosen, counter.id, p.officer_id, tx.now)
        row["call_rule"], row["call_reason"] = choice.rule.value, why(cfg, choice)
        save(tx, row, chosen, called)
        set_state(
            tx,
            state,
            current_ticket_id=called.id,
            priority_streak=choice.streak,
            officer_id=p.officer_id,
        )
        announce(tx, cfg, EventKind.CALLED, row, counter_name=counter.name)
        record(
            tx.conn,
            tx.centre_id,
            tx.now,
            "call-next",
            actor=p,
            target=called.number,
            detail=f"quầy {counter.id}: {row['call_reason']}",
        )
        return staff_view(row, cfg)

    return run_once(ctx, p, body, f"call-next:{counter.id}", TicketView, work, refresh=with_citizen)


def queues_of(cfg: CentreConfig, counter: Counter) -> list[str]:
    """The lĩnh vực whose queues this counter reads: its own, and for a priority counter
    those whose priority citizens it calls."""
    if counter.priority is None:
        return list(counter.services)
    extra = counter.priority.services or [s.id for s in cfg.services]
    return list(dict.fromkeys([*counter.services, *extra]))


def why(cfg: CentreConfig, choice: Choice) -> str:
    """The choice's rule in words, with the group and the interleave of this centre."""
    t = choice.ticket
    group = cfg.priority_group(t.priority) if t.priority else None
    source = cfg.counter(t.from_counter_id) if t.from_counter_id else None
    return reason(
        choice.rule,
        group_name=group.name if group else t.priority,
        streak=choice.streak,
        interleave=cfg.policy.priority_interleave,
        max_wait_min=cfg.policy.priority_max_wait_min,
        from_counter=f"{source.number:02d}" if source else None,
    )


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
