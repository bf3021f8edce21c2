"""A counter as a command sees it: the configured counter the caller may act for, and its
stored state (paused, the ticket at it, the priority streak)."""

from __future__ import annotations

from typing import Any

from queue_core.centre import CentreConfig, Counter
from queue_core.errors import NotFound
from queue_core.tickets import Status, Ticket

from ..auth import Principal
from ..http.errors import Forbidden
from ..storage import counters as counter_rows
from ..transactions import Tx

Row = dict[str, Any]


def counter_for(cfg: CentreConfig, p: Principal, counter_id: str) -> Counter:
    """The counter, if it exists and the caller may act for it."""
    counter = cfg.counter(counter_id)
    if counter is None:
        raise NotFound("unknown_counter", f"Không có quầy {counter_id}", f"No counter {counter_id}")
    if p.counter_id is not None and p.counter_id != counter_id:
        raise Forbidden(
            "wrong_counter",
            f"Thiết bị này chỉ dùng cho quầy {p.counter_id}",
            f"This device may act only for counter {p.counter_id}",
        )
    return counter


def ensure_may_handle(cfg: CentreConfig, p: Principal, t: Ticket) -> None:
    """A caller bound to a counter acts only on a ticket at that counter, or one that
    counter may call: waiting (or absent) in a lĩnh vực it serves, or sent to it."""
    if p.counter_id is None or (t.counter_id == p.counter_id and t.status is not Status.WAITING):
        return
    counter = cfg.counter(p.counter_id)
    mine = t.target_counter_id == p.counter_id or (
        t.target_counter_id is None and counter is not None and t.service_id in counter.services
    )
    if mine and t.status in (Status.WAITING, Status.NO_SHOW):
        return
    raise Forbidden(
        "not_this_counter",
        f"Số {t.number} không thuộc quầy {p.counter_id}",
        f"Ticket {t.number} is not for counter {p.counter_id}",
    )


def state_of(tx: Tx, counter_id: str) -> Row:
    return counter_rows.get_or_create(tx.conn, tx.centre_id, counter_id, tx.now)


def set_state(tx: Tx, state: Row, **values: Any) -> None:
    """Write a counter's state: `state` is its current row, updated in place."""
    state.update(values, updated_at=tx.now)
    counter_rows.save(tx.conn, state)


def release(tx: Tx, counter_id: str | None, ticket_id: str) -> None:
    """The counter no longer holds this ticket."""
    if counter_id:
        counter_rows.release(tx.conn, tx.centre_id, counter_id, ticket_id, tx.now)
