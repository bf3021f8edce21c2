"""The centre transaction and idempotency: every mutation of a centre runs in one write
transaction holding that centre's lock, appends its events with the next sequence
numbers, and is done at most once per idempotency key."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar, cast

from pydantic import BaseModel
from sqlalchemy import Connection

from queue_core.contract import WAITING_EVENTS, EventKind, Mutation, QueueView, TicketEvent
from queue_core.errors import Invalid
from queue_core.privacy import mask_id

from .auth import Principal
from .board.waiting import queue_view
from .context import EventRows, ServerContext
from .secret import keyed_digest
from .storage import centres as centre_rows
from .storage import event_log, idempotency
from .storage.batched import Batched

V = TypeVar("V", bound=BaseModel)


@dataclass
class Tx:
    """One write transaction of one centre: its connection, clock and new events."""

    conn: Connection
    centre_id: str
    seq: int
    now: float
    emitted: list[int] = field(default_factory=list)
    _pending: list[tuple[int, EventKind, BaseModel, str | None, str | None]] = field(
        default_factory=list
    )

    def emit(
        self,
        kind: EventKind,
        payload: BaseModel,
        ticket_id: str | None = None,
        counter_id: str | None = None,
    ) -> None:
        """Number an event; it is written with the others when the transaction ends."""
        self.seq += 1
        self._pending.append((self.seq, kind, payload, ticket_id, counter_id))
        self.emitted.append(self.seq)

    def flush(self, queue: Callable[[], QueueView]) -> EventRows:
        """Write the events; those that change who waits carry the waiting lines as this
        transaction leaves them (read once, after every change)."""
        lines: QueueView | None = None
        rows: list[event_log.EventRow] = []
        written: EventRows = []
        for seq, kind, payload, ticket_id, counter_id in self._pending:
            if kind in WAITING_EVENTS and isinstance(payload, TicketEvent):
                payload.queue = lines = lines or queue()
            data = payload.model_dump_json(exclude_unset=True)
            written.append((seq, kind.value, data))
            rows.append(
                {
                    "centre_id": self.centre_id,
                    "seq": seq,
                    "type": kind.value,
                    "ticket_id": ticket_id,
                    "counter_id": counter_id,
                    "payload": data,
                    "created_at": self.now,
                }
            )
        event_log.append(self.conn, rows)
        self._pending.clear()
        return written


@contextmanager
def centre_tx(ctx: ServerContext, centre_id: str, now: float | None = None) -> Iterator[Tx]:
    """A write transaction holding the centre's lock; subscribers — of this process, and
    by NOTIFY of the others — are woken once it has committed. On PostgreSQL its writes
    are held and sent together (`storage.batched`): a few round trips inside the lock
    instead of one per statement."""
    with ctx.db.write() as raw:
        batched = None if ctx.db.is_sqlite else Batched(raw)
        conn = cast(Connection, batched) if batched is not None else raw
        seq = centre_rows.lock_centre(conn, centre_id)
        tx = Tx(conn, centre_id, seq, ctx.clock() if now is None else now)
        yield tx
        written: EventRows = []
        if tx.seq != seq:
            cfg = ctx.centres.config(centre_id)
            written = tx.flush(lambda: queue_view(conn, cfg, ctx.centres.today(centre_id, tx.now)))
            centre_rows.set_last_seq(conn, centre_id, tx.seq)
        if batched is not None:
            batched.flush()
    if tx.emitted:
        ctx.notify(centre_id, tx.seq, written)


def fingerprint(secret: bytes, p: Principal, body: Mutation, endpoint: str) -> str:
    """What identifies a request under its idempotency key: who sent it, to which
    endpoint, with what. Keyed with the installation secret (never in the database) and
    computed after masking the ID number, so the stored digest gives nothing back."""
    data = body.model_dump(mode="json", exclude={"idempotency_key"})
    citizen = data.get("citizen")
    if isinstance(citizen, dict) and citizen.get("id_number"):
        citizen["id_masked"] = citizen["id_masked"] or mask_id(citizen["id_number"])
        citizen["id_number"] = None
    who = p.device_id or p.staff_id or f"{p.role.value}:{p.name}"
    raw = json.dumps([endpoint, who, data], sort_keys=True, ensure_ascii=False)
    return keyed_digest(secret, raw.encode())


Amend = Callable[[Tx, str, V], V | None]


def run_once(
    ctx: ServerContext,
    p: Principal,
    body: Mutation,
    endpoint: str,
    answer: type[V],
    work: Callable[[Tx], V | None],
    *,
    amend: Amend[V] | None = None,
    refresh: Callable[[Tx, V], V] | None = None,
) -> V | None:
    """Run `work` once per idempotency key; a repeat returns the stored first answer.
    A different request under a used key is refused, unless `amend` (given the stored
    request's fingerprint and answer) recognises it and answers it instead.

    Stored answers hold no personal data: `refresh` puts back, from the ticket as it is
    now, what a replayed answer shows of the citizen (nothing once it was purged)."""
    key = body.idempotency_key
    digest = fingerprint(ctx.secret, p, body, endpoint)
    with centre_tx(ctx, p.centre_id) as tx:
        stored = idempotency.get(tx.conn, p.centre_id, key)
        if stored is not None:
            if stored.request_hash == digest:
                replay = _parse(answer, stored.response)
                return refresh(tx, replay) if refresh and replay is not None else replay
            same_route = stored.endpoint == endpoint
            first = _parse(answer, stored.response) if amend and same_route else None
            amended = amend(tx, stored.request_hash, first) if amend and first else None
            if amended is None:
                raise Invalid(
                    "idempotency_key_reused",
                    "Mã chống trùng lặp đã được dùng cho một yêu cầu khác",
                    "This idempotency key was already used for a different request",
                )
            _stamp(amended, tx.seq)
            idempotency.amend(tx.conn, p.centre_id, key, digest, _dump(amended))
            return amended
        result = work(tx)
        if result is not None:
            _stamp(result, tx.seq)  # lets a device ignore any snapshot older than its command
        stored_json = _dump(result) if result is not None else None
        idempotency.put(tx.conn, p.centre_id, key, endpoint, digest, stored_json, tx.now)
    return result


def _stamp(view: BaseModel, seq: int) -> None:
    if "event_seq" in type(view).model_fields:
        view.event_seq = seq  # type: ignore[attr-defined]


def _parse(answer: type[V], stored: str | None) -> V | None:
    """A stored answer; 'nothing' (204) was stored as NULL, by older versions as 'null'."""
    if not stored or stored == "null":
        return None
    return answer.model_validate_json(stored)


def _dump(view: BaseModel) -> str:
    """As the route answers it (only the fields the use case set), without the citizen:
    an idempotency row must never keep personal data past its purge."""
    return view.model_dump_json(exclude_unset=True, exclude={"citizen"})
