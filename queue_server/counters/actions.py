"""An officer's commands on one ticket: recall, no-show, start, finish, transfer, cancel;
and pausing or resuming a counter."""

from __future__ import annotations

from typing import Any

from queue_core import tickets as rules
from queue_core.call_policy import Rule, reason
from queue_core.centre import CentreConfig
from queue_core.contract import (
    EVENT_OF_ACTION,
    CounterEvent,
    EventKind,
    Mutation,
    PauseView,
    RecallIn,
    TicketAction,
    TicketView,
    TransferIn,
)
from queue_core.errors import Conflict, Invalid, NotFound
from queue_core.tickets import Status, Ticket

from ..audit.record import record
from ..auth import Principal
from ..centres import service_of
from ..context import ServerContext
from ..storage import tickets as ticket_rows
from ..tickets.changes import announce, load, save, with_citizen
from ..tickets.rows import staff_view, to_domain
from ..transactions import Tx, run_once
from .seats import counter_for, ensure_may_handle, release, set_state, state_of


def act(
    ctx: ServerContext, p: Principal, ticket_id: str, action: TicketAction, body: Mutation
) -> TicketView:
    cfg = ctx.centres.config(p.centre_id)

    def work(tx: Tx) -> TicketView:
        row = load(tx.conn, tx.centre_id, ticket_id)
        before = to_domain(row)
        ensure_may_handle(cfg, p, before)
        old_counter = before.counter_id
        after = _apply(tx, cfg, before, action, body, p)
        if action is TicketAction.RECALL:
            row["call_rule"], row["call_reason"] = Rule.RECALL.value, reason(Rule.RECALL)
        save(tx, row, before, after)
        still_open = after.status in (Status.CALLED, Status.SERVING)
        if not still_open or after.counter_id != old_counter:
            release(tx, old_counter, before.id)
        extra: dict[str, Any] = {}
        if after.status is Status.CALLED and after.counter_id:
            set_state(tx, state_of(tx, after.counter_id), current_ticket_id=after.id)
            counter = cfg.counter(after.counter_id)
            extra["counter_name"] = counter.name if counter else after.counter_id
        announce(tx, cfg, EVENT_OF_ACTION[action], row, **extra)
        record(
            tx.conn,
            tx.centre_id,
            tx.now,
            action.value,
            actor=p,
            target=before.number,
            detail=_detail(action, body, after),
        )
        return staff_view(row, cfg)

    done = run_once(
        ctx, p, body, f"{action.value}:{ticket_id}", TicketView, work, refresh=with_citizen
    )
    assert done is not None
    return done


def _detail(action: TicketAction, body: Mutation, after: Ticket) -> str:
    """What the audit log says beyond who, what and which number."""
    if isinstance(body, TransferIn):
        return f"→ lĩnh vực {body.service_id}" if body.service_id else f"→ quầy {body.counter_id}"
    return f"quầy {after.counter_id}" if action is TicketAction.RECALL and after.counter_id else ""


def _apply(
    tx: Tx, cfg: CentreConfig, t: Ticket, action: TicketAction, body: Mutation, p: Principal
) -> Ticket:
    if action is TicketAction.RECALL:
        counter_id = (body.counter_id if isinstance(body, RecallIn) else None) or (
            t.counter_id or p.counter_id
        )
        if t.status is Status.NO_SHOW:
            if counter_id is None or cfg.counter(counter_id) is None:
                raise Invalid("counter_required", "Cần chọn quầy", "A counter is required")
            counter_for(cfg, p, counter_id)
            busy = state_of(tx, counter_id)["current_ticket_id"]
            if busy and busy != t.id:
                busy_row = ticket_rows.get(tx.conn, tx.centre_id, busy)
                if busy_row is not None and busy_row["status"] in ticket_rows.OPEN:
                    raise Conflict(
                        "counter_busy",
                        f"Quầy đang phục vụ số {busy_row['number']}; hãy hoàn thành trước",
                        f"The counter is busy with {busy_row['number']}; finish it first",
                    )
        return rules.recall(t, tx.now, cfg.policy.no_show_window_min * 60, counter_id, p.officer_id)
    if action is TicketAction.NO_SHOW:
        return rules.no_show(t, tx.now)
    if action is TicketAction.START:
        return rules.start(t, tx.now)
    if action is TicketAction.FINISH:
        return rules.finish(t, tx.now)
    if action is TicketAction.CANCEL:
        return rules.cancel(t, tx.now)
    assert isinstance(body, TransferIn)
    if (body.service_id is None) == (body.counter_id is None):
        raise Invalid(
            "transfer_target",
            "Chọn một lĩnh vực hoặc một quầy để chuyển đến",
            "Give exactly one of service_id or counter_id",
        )
    if body.service_id:
        service_of(cfg, body.service_id)
    if body.counter_id and cfg.counter(body.counter_id) is None:
        raise NotFound(
            "unknown_counter", f"Không có quầy {body.counter_id}", f"No counter {body.counter_id}"
        )
    return rules.transfer(t, body.service_id, body.counter_id)


def set_paused(
    ctx: ServerContext, p: Principal, counter_id: str, paused: bool, body: Mutation
) -> PauseView:
    counter = counter_for(ctx.centres.config(p.centre_id), p, counter_id)

    def work(tx: Tx) -> PauseView:
        state = state_of(tx, counter.id)
        if bool(state["paused"]) != paused:
            set_state(tx, state, paused=paused)
            tx.emit(
                EventKind.COUNTER_PAUSED if paused else EventKind.COUNTER_RESUMED,
                CounterEvent(
                    counter_id=counter.id,
                    counter_number=counter.number,
                    counter_name=counter.name,
                    paused=paused,
                ),
                counter_id=counter.id,
            )
            record(
                tx.conn,
                tx.centre_id,
                tx.now,
                "pause" if paused else "resume",
                actor=p,
                target=counter.id,
            )
        return PauseView(counter_id=counter.id, paused=paused)

    endpoint = f"{'pause' if paused else 'resume'}:{counter.id}"
    done = run_once(ctx, p, body, endpoint, PauseView, work)
    assert done is not None
    return done
