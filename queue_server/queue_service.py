"""The queue's use cases: issue, call, recall, no-show, start, finish, transfer, cancel,
pause, rate. Each runs in one write transaction holding the centre lock, checks its
idempotency key, applies the pure rules of queue_core and appends events.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from queue_core import tickets as rules
from queue_core.call_policy import choose_next, next_streak
from queue_core.centre import CentreConfig, Counter, NumberingGroup
from queue_core.clock import iso_local, service_day
from queue_core.errors import Conflict, Invalid, NotFound
from queue_core.estimate import estimate_wait_s, recent_service_s
from queue_core.numbering import format_number, next_seq, offline_group, offline_number
from queue_core.privacy import mask_id
from queue_core.tickets import Status, Ticket

from .api_models import (
    CallNextIn,
    HealthIn,
    IssueIn,
    Mutation,
    RatingIn,
    RecallIn,
    TransferIn,
)
from .auth import Permission, Principal
from .errors import Forbidden
from .ids import new_id, new_public_token
from .storage import schema
from .storage import statements as sql
from .storage.database import Database
from .ticket_rows import changed_columns, citizen_view, public_view, to_domain

T, CS, EV = schema.tickets, schema.counter_state, schema.events
Reply = tuple[int, Any]
OPEN_STATUSES = (Status.CALLED.value, Status.SERVING.value)
EVENT_OF_ACTION = {
    "recall": "ticket.recalled",
    "no-show": "ticket.no_show",
    "start": "ticket.started",
    "finish": "ticket.finished",
    "transfer": "ticket.transferred",
    "cancel": "ticket.cancelled",
}
CALL_EVENTS = ("ticket.called", "ticket.recalled")


@dataclass
class Tx:
    """One write transaction of one centre: its connection, clock and new events."""

    conn: Connection
    centre_id: str
    seq: int
    now: float
    emitted: list[int] = field(default_factory=list)

    def emit(
        self,
        kind: str,
        payload: Mapping[str, Any],
        ticket_id: str | None = None,
        counter_id: str | None = None,
    ) -> None:
        self.seq += 1
        self.conn.execute(
            sql.event_put,
            {
                "centre_id": self.centre_id,
                "seq": self.seq,
                "type": kind,
                "ticket_id": ticket_id,
                "counter_id": counter_id,
                "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                "created_at": self.now,
            },
        )
        self.emitted.append(self.seq)


def _fingerprint(body: Mutation | None, endpoint: str) -> str:
    data = body.model_dump(mode="json", exclude={"idempotency_key"}) if body else {}
    raw = json.dumps([endpoint, data], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


@contextmanager
def _claiming(conn: Connection, number: str) -> Iterator[None]:
    """A write that gives a ticket its number; an offline number already synced under
    another key is a conflict, and only this write is undone."""
    try:
        with conn.begin_nested():
            yield
    except IntegrityError:
        raise Conflict(
            "offline_number_taken",
            f"Số {number} đã được đồng bộ trước đó với một yêu cầu khác",
            f"Offline number {number} was already synced by another request",
        ) from None


class QueueService:
    """Use cases over the database for every centre this server hosts."""

    def __init__(
        self,
        db: Database,
        centres: Mapping[str, CentreConfig],
        notify: Callable[[str, int], None] = lambda centre_id, seq: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = db
        self.centres = dict(centres)
        self.notify = notify
        self.clock = clock
        self._snapshots: dict[str, tuple[str, int, dict[str, Any]]] = {}
        """centre → (service day, last_seq, snapshot): every change to what a snapshot
        shows appends an event, so the same day and sequence mean the same snapshot. After
        an event each of a centre's displays and counters asks at once; one builds it."""

    # ------------------------------------------------------------------ helpers
    def config(self, centre_id: str) -> CentreConfig:
        cfg = self.centres.get(centre_id)
        if cfg is None:
            raise NotFound(
                "unknown_centre",
                f"Máy chủ không phục vụ trung tâm {centre_id}",
                f"This server does not host centre {centre_id}",
            )
        return cfg

    def tz(self, centre_id: str) -> ZoneInfo:
        return ZoneInfo(self.config(centre_id).centre.timezone)

    def today(self, centre_id: str, now: float) -> str:
        return service_day(now, self.tz(centre_id)).isoformat()

    @contextmanager
    def _centre_tx(self, centre_id: str, now: float | None = None) -> Iterator[Tx]:
        """A write transaction holding the centre's lock; the events it appends get the next
        sequence numbers, and subscribers are woken once it has committed."""
        with self.db.write() as conn:
            seq = self.db.lock_centre(conn, centre_id)
            tx = Tx(conn, centre_id, seq, self.clock() if now is None else now)
            yield tx
            if tx.seq != seq:
                conn.execute(sql.centre_seq_update, {"centre": centre_id, "seq": tx.seq})
        if tx.emitted:
            self.notify(centre_id, tx.seq)

    def _mutate(
        self,
        p: Principal,
        body: Mutation,
        endpoint: str,
        work: Callable[[Tx], Reply],
        *,
        amend: Callable[[Tx, str, dict[str, Any]], Reply | None] | None = None,
    ) -> Reply:
        """Run `work` once per idempotency key; a repeat returns the stored first answer.
        A different request under a used key is refused, unless `amend` (given the stored
        request's fingerprint and answer) recognises it and answers it instead."""
        key = body.idempotency_key
        digest = _fingerprint(body, endpoint)
        with self._centre_tx(p.centre_id) as tx:
            stored = tx.conn.execute(
                sql.idempotency_get, {"centre": p.centre_id, "key": key}
            ).first()
            if stored is not None:
                if stored.request_hash == digest:
                    return stored.status_code, json.loads(stored.response)
                amended = (
                    amend(tx, stored.request_hash, json.loads(stored.response)) if amend else None
                )
                if amended is None:
                    raise Invalid(
                        "idempotency_key_reused",
                        "Mã chống trùng lặp đã được dùng cho một yêu cầu khác",
                        "This idempotency key was already used for a different request",
                    )
                status, result = amended
                result = {**result, "event_seq": tx.seq}
                tx.conn.execute(
                    sql.idempotency_amend,
                    {
                        "centre": p.centre_id,
                        "b_key": key,
                        "b_hash": digest,
                        "b_status": status,
                        "b_response": json.dumps(result, ensure_ascii=False),
                    },
                )
                return status, result
            status, result = work(tx)
            if isinstance(result, dict):
                # Lets a device ignore any snapshot older than its own command.
                result = {**result, "event_seq": tx.seq}
            tx.conn.execute(
                sql.idempotency_put,
                {
                    "centre_id": p.centre_id,
                    "key": key,
                    "endpoint": endpoint,
                    "request_hash": digest,
                    "status_code": status,
                    "response": json.dumps(result, ensure_ascii=False),
                    "created_at": tx.now,
                },
            )
        return status, result

    def _load(self, conn: Connection, centre_id: str, ticket_id: str) -> dict[str, Any]:
        row = (
            conn.execute(sql.ticket_get, {"tid": ticket_id, "centre": centre_id}).mappings().first()
        )
        if row is None:
            raise NotFound(
                "unknown_ticket", "Không tìm thấy phiếu này", "No such ticket at this centre"
            )
        return dict(row)

    def _save(self, tx: Tx, row: dict[str, Any], before: Ticket, after: Ticket) -> None:
        changes = changed_columns(before, after)
        if after.called_at is not None and row.get("first_called_at") is None:
            changes["first_called_at"] = after.called_at
        if changes:
            row.update(changes)
            values = {f"v_{c}": row[c] for c in sql.TICKET_STATE_COLUMNS}
            tx.conn.execute(sql.ticket_state_set, {"tid": row["id"], **values})

    def _counter_row(self, tx: Tx, counter_id: str) -> dict[str, Any]:
        row = (
            tx.conn.execute(sql.counter_get, {"centre": tx.centre_id, "counter": counter_id})
            .mappings()
            .first()
        )
        if row is not None:
            return dict(row)
        fresh = {
            "centre_id": tx.centre_id,
            "counter_id": counter_id,
            "paused": False,
            "current_ticket_id": None,
            "priority_streak": 0,
            "officer_id": None,
            "updated_at": tx.now,
        }
        tx.conn.execute(sql.counter_state_put, fresh)
        return fresh

    def _set_counter(self, tx: Tx, state: dict[str, Any], **values: Any) -> None:
        """Write a counter's state: `state` is its current row, updated in place."""
        state.update(values, updated_at=tx.now)
        params = {f"v_{c}": state[c] for c in sql.COUNTER_STATE_COLUMNS}
        tx.conn.execute(
            sql.counter_state_set,
            {"centre": tx.centre_id, "counter": state["counter_id"], **params},
        )

    def _counter(self, p: Principal, counter_id: str) -> Counter:
        counter = self.config(p.centre_id).counter(counter_id)
        if counter is None:
            raise NotFound(
                "unknown_counter", f"Không có quầy {counter_id}", f"No counter {counter_id}"
            )
        if p.counter_id is not None and p.counter_id != counter_id:
            raise Forbidden(
                "wrong_counter",
                f"Thiết bị này chỉ dùng cho quầy {p.counter_id}",
                f"This device may act only for counter {p.counter_id}",
            )
        return counter

    def _event(self, tx: Tx, kind: str, row: Mapping[str, Any], **extra: Any) -> None:
        payload = {**public_view(row, self.config(tx.centre_id)), **extra}
        tx.emit(kind, payload, ticket_id=row["id"], counter_id=row["counter_id"])

    def _position(
        self, conn: Connection, centre_id: str, row: Mapping[str, Any]
    ) -> tuple[int, int | None]:
        """(tickets ahead, estimated seconds) for a waiting ticket; (0, 0) otherwise."""
        if row["status"] != Status.WAITING.value:
            return 0, 0
        cfg = self.config(centre_id)
        by_counter = bool(row["target_counter_id"])
        ahead = conn.execute(
            sql.ahead[(by_counter, bool(row["priority"]))],  # type: ignore[call-overload]
            {
                "centre": centre_id,
                "day": row["service_day"],
                "target": row["target_counter_id"],
                "service": row["service_id"],
                "issued_at": row["issued_at"],
                "seq_no": row["seq_no"],
            },
        ).scalar_one()
        service = cfg.service(row["service_id"])
        default_s = (service.avg_service_min if service else 10.0) * 60
        durations = (
            conn.execute(
                sql.recent_durations,
                {
                    "centre": centre_id,
                    "service": row["service_id"],
                    "n": cfg.policy.recent_service_count,
                },
            )
            .scalars()
            .all()
        )
        paused = set(conn.execute(sql.paused_counters, {"centre": centre_id}).scalars())
        if row["target_counter_id"]:
            open_counters = 0 if row["target_counter_id"] in paused else 1
        else:
            open_counters = sum(
                1 for c in cfg.counters if row["service_id"] in c.services and c.id not in paused
            )
        return int(ahead), estimate_wait_s(
            int(ahead), recent_service_s([float(d) for d in durations], default_s), open_counters
        )

    def _with_position(
        self, conn: Connection, centre_id: str, row: Mapping[str, Any]
    ) -> dict[str, Any]:
        cfg = self.config(centre_id)
        ahead, wait_s = self._position(conn, centre_id, row)
        return {
            **public_view(row, cfg),
            "waiting_ahead": ahead,
            "estimated_wait_s": wait_s,
            "status_url": f"{cfg.centre.public_url.rstrip('/')}/t/{row['public_token']}",
        }

    # ------------------------------------------------------------------ use cases
    def issue(self, p: Principal, body: IssueIn) -> Reply:
        cfg = self.config(p.centre_id)
        service = cfg.service(body.service_id)
        if service is None:
            raise NotFound(
                "unknown_service",
                f"Không có lĩnh vực '{body.service_id}'",
                f"No service '{body.service_id}'",
            )
        if body.procedure_id and body.procedure_id not in {x.id for x in service.procedures}:
            raise NotFound(
                "unknown_procedure",
                f"Lĩnh vực {service.name} không có thủ tục '{body.procedure_id}'",
                f"Service {service.id} has no procedure '{body.procedure_id}'",
            )
        if body.priority and cfg.priority_group(body.priority) is None:
            raise Invalid(
                "unknown_priority_group",
                f"Không có nhóm ưu tiên '{body.priority}'",
                f"No priority group '{body.priority}'",
            )
        group = cfg.group(service.numbering)
        tz = self.tz(p.centre_id)

        def work(tx: Tx) -> Reply:
            if body.offline:
                issued_at, group_id, seq_no, number = self._offline_number(tx, body)
            else:
                issued_at, group_id = tx.now, group.id
                seq_no = self._next_number(tx, group, service_day(tx.now, tz).isoformat())
                number = format_number(group, seq_no)
            day = service_day(issued_at, tz)
            citizen = body.citizen
            row: dict[str, Any] = {
                "id": new_id(),
                "centre_id": tx.centre_id,
                "service_day": day.isoformat(),
                "group_id": group_id,
                "seq_no": seq_no,
                "number": number,
                "service_id": service.id,
                "first_service_id": service.id,
                "procedure_id": body.procedure_id,
                "priority": body.priority,
                "status": Status.WAITING.value,
                "issued_at": issued_at,
                "called_at": None,
                "first_called_at": None,
                "started_at": None,
                "finished_at": None,
                "no_show_at": None,
                "cancelled_at": None,
                "counter_id": None,
                "target_counter_id": None,
                "officer_id": None,
                "recall_count": 0,
                "transfer_count": 0,
                "issued_offline": body.offline is not None,
                "kiosk_id": p.device_id,
                "public_token": new_public_token(),
                "citizen_name": citizen.name if citizen else None,
                "citizen_id_masked": (citizen.id_masked or mask_id(citizen.id_number or ""))
                if citizen and (citizen.id_masked or citizen.id_number)
                else None,
                "citizen_birth_year": citizen.birth_year if citizen else None,
                "citizen_purge_at": self._purge_at(tx.now, tz, cfg) if citizen else None,
            }
            with _claiming(tx.conn, number):
                tx.conn.execute(sql.ticket_put, row)
            self._event(tx, "ticket.issued", row)
            return 201, self._with_position(tx.conn, tx.centre_id, row)

        def adopt(tx: Tx, first_hash: str, first: dict[str, Any]) -> Reply | None:
            """The kiosk's online request was done but its answer lost, so the kiosk
            printed an offline number under the same key. The paper in the citizen's hand
            wins: that ticket takes the offline number (no second ticket, no orphan)."""
            online_twin = _fingerprint(body.model_copy(update={"offline": None}), "issue")
            if body.offline is None or first_hash != online_twin or first.get("issued_offline"):
                return None
            row = self._load(tx.conn, tx.centre_id, first["id"])
            _, group_id, seq_no, number = self._offline_number(tx, body)
            changes = {"number": number, "group_id": group_id, "seq_no": seq_no}
            with _claiming(tx.conn, number):
                tx.conn.execute(
                    T.update().where(T.c.id == row["id"]).values(**changes, issued_offline=True)
                )
            old_number = row["number"]
            row.update(changes, issued_offline=True)
            self._event(tx, "ticket.renumbered", row, old_number=old_number)
            return 201, self._with_position(tx.conn, tx.centre_id, row)

        return self._mutate(p, body, "issue", work, amend=adopt)

    def _next_number(self, tx: Tx, group: NumberingGroup, day: str) -> int:
        where = {"centre": tx.centre_id, "day": day, "grp": group.id}
        last = tx.conn.execute(sql.number_get, where).scalar()
        seq_no = next_seq(group, last)
        if last is None:
            tx.conn.execute(
                sql.number_put,
                {
                    "centre_id": tx.centre_id,
                    "service_day": day,
                    "group_id": group.id,
                    "last": seq_no,
                },
            )
        else:
            tx.conn.execute(sql.number_set, {**where, "seq_no": seq_no})
        return seq_no

    @staticmethod
    def _offline_number(tx: Tx, body: IssueIn) -> tuple[float, str, int, str]:
        assert body.offline is not None
        issued_at = body.offline.issued_at.timestamp()
        if not tx.now - 86400 <= issued_at <= tx.now + 120:
            raise Invalid(
                "offline_time",
                "Giờ cấp phiếu ngoại tuyến không hợp lệ (quá cũ hoặc ở tương lai)",
                "The offline ticket's issue time is more than a day old or in the future",
            )
        code, seq_no = body.offline.kiosk_code, body.offline.seq_no
        return issued_at, offline_group(code), seq_no, offline_number(code, seq_no)

    @staticmethod
    def _purge_at(now: float, tz: ZoneInfo, cfg: CentreConfig) -> float:
        hours = cfg.policy.citizen_retention_hours
        if hours:
            return now + hours * 3600
        local = datetime.fromtimestamp(now, tz)
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tz)
        return midnight.timestamp()

    def call_next(self, p: Principal, counter_id: str, body: CallNextIn) -> Reply:
        counter = self._counter(p, counter_id)
        cfg = self.config(p.centre_id)

        def work(tx: Tx) -> Reply:
            state = self._counter_row(tx, counter.id)
            if state["paused"]:
                raise Conflict(
                    "counter_paused",
                    f"{counter.name} đang tạm dừng; hãy bấm Tiếp tục trước",
                    f"Counter {counter.id} is paused; resume it first",
                )
            self._close_current(tx, state)
            today = self.today(tx.centre_id, tx.now)
            if body.ticket_id:
                row = self._load(tx.conn, tx.centre_id, body.ticket_id)
                chosen: Ticket | None = to_domain(row)
            else:
                candidates = self._candidates(tx.conn, tx.centre_id, counter, today)
                chosen = choose_next(
                    [to_domain(r) for r in candidates.values()],
                    counter,
                    state["priority_streak"],
                    cfg.policy.priority_interleave,
                )
                row = candidates[chosen.id] if chosen else {}
            if chosen is None:
                self._set_counter(tx, state, current_ticket_id=None, officer_id=p.officer_id)
                return 204, None
            called = rules.call(chosen, counter.id, p.officer_id, tx.now)
            self._save(tx, row, chosen, called)
            streak = next_streak(state["priority_streak"], called) if not body.ticket_id else 0
            self._set_counter(
                tx,
                state,
                current_ticket_id=called.id,
                priority_streak=streak,
                officer_id=p.officer_id,
            )
            self._event(tx, "ticket.called", row, counter_name=counter.name)
            return 200, self._staff_view(row, cfg)

        return self._mutate(p, body, f"call-next:{counter.id}", work)

    def _candidates(
        self, conn: Connection, centre_id: str, counter: Counter, today: str
    ) -> dict[str, dict[str, Any]]:
        """The oldest priority and normal ticket of each queue this counter may call."""
        params: dict[str, Any] = {"centre": centre_id, "day": today, "counter": counter.id}
        params.update({f"service_{i}": sid for i, sid in enumerate(counter.services)})
        rows = conn.execute(sql.candidates(len(counter.services)), params).mappings()
        out = {row["id"]: dict(row) for row in rows}
        return out

    def _close_current(self, tx: Tx, state: Mapping[str, Any]) -> None:
        """Calling next ends the previous citizen: served if started, else a no-show."""
        current = state["current_ticket_id"]
        if not current:
            return
        row = self._load(tx.conn, tx.centre_id, current)
        before = to_domain(row)
        if before.status is Status.SERVING or (
            before.status is Status.CALLED and before.started_at is not None
        ):
            after, kind = rules.finish(before, tx.now), EVENT_OF_ACTION["finish"]
        elif before.status is Status.CALLED:
            after, kind = rules.no_show(before, tx.now), EVENT_OF_ACTION["no-show"]
        else:
            return
        self._save(tx, row, before, after)
        self._event(tx, kind, row)

    def act(self, p: Principal, ticket_id: str, action: str, body: Mutation) -> Reply:
        """recall, no-show, start, finish, transfer, cancel on one ticket."""
        cfg = self.config(p.centre_id)

        def work(tx: Tx) -> Reply:
            row = self._load(tx.conn, tx.centre_id, ticket_id)
            before = to_domain(row)
            if p.counter_id is not None and before.counter_id not in (None, p.counter_id):
                raise Forbidden(
                    "wrong_counter",
                    f"Số {before.number} đang ở quầy khác",
                    f"Ticket {before.number} belongs to another counter",
                )
            old_counter = before.counter_id
            after = self._apply(tx, before, action, body, p)
            self._save(tx, row, before, after)
            still_open = after.status in (Status.CALLED, Status.SERVING)
            if not still_open or after.counter_id != old_counter:
                self._release(tx, old_counter, before.id)
            extra: dict[str, Any] = {}
            if after.status is Status.CALLED and after.counter_id:
                self._set_counter(
                    tx, self._counter_row(tx, after.counter_id), current_ticket_id=after.id
                )
                counter = cfg.counter(after.counter_id)
                extra["counter_name"] = counter.name if counter else after.counter_id
            self._event(tx, EVENT_OF_ACTION[action], row, **extra)
            return 200, self._staff_view(row, cfg)

        return self._mutate(p, body, f"{action}:{ticket_id}", work)

    def _apply(self, tx: Tx, t: Ticket, action: str, body: Mutation, p: Principal) -> Ticket:
        cfg = self.config(tx.centre_id)
        if action == "recall":
            assert isinstance(body, RecallIn)
            counter_id = body.counter_id or t.counter_id or p.counter_id
            if t.status is Status.NO_SHOW:
                if counter_id is None or cfg.counter(counter_id) is None:
                    raise Invalid("counter_required", "Cần chọn quầy", "A counter is required")
                self._counter(p, counter_id)
                busy = self._counter_row(tx, counter_id)["current_ticket_id"]
                if busy and busy != t.id:
                    busy_row = self._load(tx.conn, tx.centre_id, busy)
                    if busy_row["status"] in OPEN_STATUSES:
                        raise Conflict(
                            "counter_busy",
                            f"Quầy đang phục vụ số {busy_row['number']}; hãy hoàn thành trước",
                            f"The counter is busy with {busy_row['number']}; finish it first",
                        )
            return rules.recall(
                t, tx.now, cfg.policy.no_show_window_min * 60, counter_id, p.officer_id
            )
        if action == "no-show":
            return rules.no_show(t, tx.now)
        if action == "start":
            return rules.start(t, tx.now)
        if action == "finish":
            return rules.finish(t, tx.now)
        if action == "cancel":
            return rules.cancel(t, tx.now)
        if action == "transfer":
            assert isinstance(body, TransferIn)
            if (body.service_id is None) == (body.counter_id is None):
                raise Invalid(
                    "transfer_target",
                    "Chọn một lĩnh vực hoặc một quầy để chuyển đến",
                    "Give exactly one of service_id or counter_id",
                )
            if body.service_id and cfg.service(body.service_id) is None:
                raise NotFound(
                    "unknown_service",
                    f"Không có lĩnh vực '{body.service_id}'",
                    f"No service '{body.service_id}'",
                )
            if body.counter_id and cfg.counter(body.counter_id) is None:
                raise NotFound(
                    "unknown_counter",
                    f"Không có quầy {body.counter_id}",
                    f"No counter {body.counter_id}",
                )
            return rules.transfer(t, body.service_id, body.counter_id)
        raise NotFound("unknown_action", "Thao tác không hợp lệ", f"Unknown action {action}")

    def _release(self, tx: Tx, counter_id: str | None, ticket_id: str) -> None:
        if counter_id:
            tx.conn.execute(
                CS.update()
                .where(
                    CS.c.centre_id == tx.centre_id,
                    CS.c.counter_id == counter_id,
                    CS.c.current_ticket_id == ticket_id,
                )
                .values(current_ticket_id=None, updated_at=tx.now)
            )

    def set_paused(self, p: Principal, counter_id: str, paused: bool, body: Mutation) -> Reply:
        counter = self._counter(p, counter_id)

        def work(tx: Tx) -> Reply:
            state = self._counter_row(tx, counter.id)
            if bool(state["paused"]) != paused:
                self._set_counter(tx, state, paused=paused)
                tx.emit(
                    "counter.paused" if paused else "counter.resumed",
                    {
                        "counter_id": counter.id,
                        "counter_number": counter.number,
                        "counter_name": counter.name,
                        "paused": paused,
                    },
                    counter_id=counter.id,
                )
            return 200, {"counter_id": counter.id, "paused": paused}

        return self._mutate(p, body, f"{'pause' if paused else 'resume'}:{counter.id}", work)

    def rate(self, p: Principal, body: RatingIn) -> Reply:
        cfg = self.config(p.centre_id)
        level = cfg.level(body.level)
        if level is None:
            raise Invalid(
                "unknown_level",
                f"Không có mức đánh giá '{body.level}'",
                f"No satisfaction level '{body.level}'",
            )
        reasons = [r.strip()[:64] for r in body.reasons if r.strip()]

        def work(tx: Tx) -> Reply:
            row = self._load(tx.conn, tx.centre_id, body.ticket_id)
            if p.counter_id is not None and row["counter_id"] != p.counter_id:
                raise Forbidden(
                    "wrong_counter",
                    "Phiếu này được phục vụ ở quầy khác",
                    "This ticket was served at another counter",
                )
            if row["status"] != Status.DONE.value:
                raise Conflict(
                    "ticket_not_finished",
                    f"Số {row['number']} chưa được giải quyết xong",
                    f"Ticket {row['number']} has not been served yet",
                )
            R = schema.ratings
            if tx.conn.execute(sql.rating_of_ticket, {"tid": row["id"]}).first():
                raise Conflict(
                    "already_rated",
                    f"Số {row['number']} đã được đánh giá",
                    f"Ticket {row['number']} has already been rated",
                )
            rating = {
                "id": new_id(),
                "centre_id": tx.centre_id,
                "ticket_id": row["id"],
                "level": level.id,
                "reasons": json.dumps(reasons, ensure_ascii=False),
                "service_id": row["service_id"],
                "counter_id": row["counter_id"],
                "officer_id": row["officer_id"],
                "created_at": tx.now,
            }
            tx.conn.execute(R.insert().values(**rating))
            view = {
                "id": rating["id"],
                "ticket_id": row["id"],
                "number": row["number"],
                "level": level.id,
                "level_name": level.name,
                "positive": level.positive,
                "reasons": reasons,
                "service_id": row["service_id"],
                "counter_id": row["counter_id"],
                "created_at": iso_local(tx.now),
            }
            tx.emit("rating.recorded", view, ticket_id=row["id"], counter_id=row["counter_id"])
            return 201, view

        return self._mutate(p, body, "rate", work)

    def report_health(self, p: Principal, body: HealthIn) -> Reply:
        """A device tells how its hardware is (paper low, scanner unplugged, …)."""
        if p.device_id is None:
            raise Invalid(
                "not_a_device", "Chỉ thiết bị mới báo trạng thái", "Only devices report health"
            )
        report = {"device": body.device, "state": body.state, "detail": body.detail}

        def work(tx: Tx) -> Reply:
            D = schema.devices
            tx.conn.execute(
                D.update()
                .where(D.c.id == p.device_id)
                .values(health_json=json.dumps(report, ensure_ascii=False), last_seen_at=tx.now)
            )
            view = {
                "device_id": p.device_id,
                "name": p.name,
                "kind": p.role.value,
                **report,
                "at": iso_local(tx.now),
            }
            tx.emit("device.health", view)
            return 200, view

        return self._mutate(p, body, "health", work)

    # ------------------------------------------------------------------ reads
    def _staff_view(self, row: Mapping[str, Any], cfg: CentreConfig) -> dict[str, Any]:
        return {**public_view(row, cfg), "citizen": citizen_view(row)}

    def ticket(self, p: Principal, ticket_id: str) -> dict[str, Any]:
        with self.db.read() as conn:
            row = self._load(conn, p.centre_id, ticket_id)
            view = self._with_position(conn, p.centre_id, row)
        if p.can(Permission.SEE_CITIZEN):
            view["citizen"] = citizen_view(row)
        return view

    def find_by_number(self, p: Principal, number: str) -> list[dict[str, Any]]:
        """Today's tickets with this number (an officer calling a number out of turn)."""
        today = self.today(p.centre_id, self.clock())
        with self.db.read() as conn:
            rows = (
                conn.execute(
                    select(T).where(
                        T.c.centre_id == p.centre_id,
                        T.c.service_day == today,
                        T.c.number == number.strip().upper(),
                    )
                )
                .mappings()
                .all()
            )
        cfg = self.config(p.centre_id)
        found = [dict(r) for r in rows]
        return [
            self._staff_view(r, cfg) if p.can(Permission.SEE_CITIZEN) else public_view(r, cfg)
            for r in found
        ]

    def public_ticket(self, token: str) -> dict[str, Any] | None:
        """For /t/{token}: no id, no name, no personal data."""
        with self.db.read() as conn:
            row = conn.execute(select(T).where(T.c.public_token == token)).mappings().first()
            if row is None or row["centre_id"] not in self.centres:
                return None
            view = self._with_position(conn, row["centre_id"], dict(row))
        cfg = self.config(row["centre_id"])
        keep = (
            "number",
            "service_name",
            "status",
            "counter_number",
            "issued_at",
            "called_at",
            "waiting_ahead",
            "estimated_wait_s",
            "priority",
        )
        return {"centre_name": cfg.centre.name, **{k: view[k] for k in keep}}

    def snapshot(self, centre_id: str) -> dict[str, Any]:
        cfg = self.config(centre_id)
        now = self.clock()
        today = self.today(centre_id, now)
        with self.db.read() as conn:
            last_seq = self._last_seq(conn, centre_id)
            cached = self._snapshots.get(centre_id)
            if cached is not None and cached[:2] == (today, last_seq):
                return cached[2]
            states = {
                r["counter_id"]: r
                for r in conn.execute(select(CS).where(CS.c.centre_id == centre_id)).mappings()
            }
            current_ids = [
                s["current_ticket_id"] for s in states.values() if s["current_ticket_id"]
            ]
            current = (
                {
                    r["id"]: r
                    for r in conn.execute(select(T).where(T.c.id.in_(current_ids))).mappings()
                }
                if current_ids
                else {}
            )
            waiting_rows = conn.execute(
                select(T.c.id, T.c.number, T.c.service_id, T.c.priority, T.c.target_counter_id)
                .where(
                    T.c.centre_id == centre_id,
                    T.c.status == Status.WAITING.value,
                    T.c.service_day == today,
                )
                .order_by(T.c.priority.is_(None), T.c.issued_at, T.c.seq_no)
            ).all()
            recent = conn.execute(
                select(EV.c.payload, EV.c.seq)
                .where(EV.c.centre_id == centre_id, EV.c.type.in_(CALL_EVENTS))
                .order_by(EV.c.seq.desc())
                .limit(10)
            ).all()
        counters = []
        for c in cfg.counters:
            st = states.get(c.id)
            cur = current.get(st["current_ticket_id"]) if st and st["current_ticket_id"] else None
            counters.append(
                {
                    "id": c.id,
                    "number": c.number,
                    "name": c.name,
                    "location": c.location,
                    "services": c.services,
                    "paused": bool(st["paused"]) if st else False,
                    "current": public_view(dict(cur), cfg)
                    if cur and cur["status"] in OPEN_STATUSES
                    else None,
                }
            )
        waiting = []
        for s in cfg.services:
            mine = [w for w in waiting_rows if w.service_id == s.id and not w.target_counter_id]
            waiting.append(
                {
                    "service_id": s.id,
                    "service_name": s.name,
                    "count": len(mine),
                    "next_numbers": [w.number for w in mine[:5]],
                }
            )
        transferred = [
            {"number": w.number, "counter_id": w.target_counter_id}
            for w in waiting_rows
            if w.target_counter_id
        ]
        calls = []
        for payload, seq in recent:
            data = json.loads(payload)
            calls.append(
                {
                    "seq": seq,
                    "number": data["number"],
                    "counter_id": data["counter_id"],
                    "counter_number": data["counter_number"],
                    "called_at": data["called_at"],
                }
            )
        snapshot = {
            "centre_id": centre_id,
            "service_day": today,
            "last_seq": last_seq,
            "counters": counters,
            "waiting": waiting,
            "waiting_for_counter": transferred,
            "recent_calls": calls,
        }
        self._snapshots[centre_id] = (today, last_seq, snapshot)
        return snapshot

    def last_seq(self, centre_id: str) -> int:
        """The centre's newest event (other server processes may have written it)."""
        with self.db.read() as conn:
            return self._last_seq(conn, centre_id)

    @staticmethod
    def _last_seq(conn: Any, centre_id: str) -> int:
        return int(
            conn.execute(
                select(schema.centre_state.c.last_seq).where(
                    schema.centre_state.c.centre_id == centre_id
                )
            ).scalar()
            or 0
        )

    def events_after(
        self, centre_id: str, after: int, limit: int = 500
    ) -> list[tuple[int, str, str]]:
        with self.db.read() as conn:
            rows = conn.execute(
                select(EV.c.seq, EV.c.type, EV.c.payload)
                .where(EV.c.centre_id == centre_id, EV.c.seq > after)
                .order_by(EV.c.seq)
                .limit(limit)
            ).all()
        return [(int(r.seq), r.type, r.payload) for r in rows]

    # ------------------------------------------------------------------ housekeeping
    def housekeeping(self) -> dict[str, int]:
        """Purge citizen data past retention, close past days' open tickets, old keys."""
        now = self.clock()
        purged = closed = 0
        with self.db.write() as conn:
            purged = conn.execute(
                T.update()
                .where(T.c.citizen_purge_at.is_not(None), T.c.citizen_purge_at <= now)
                .values(
                    citizen_name=None,
                    citizen_id_masked=None,
                    citizen_birth_year=None,
                    citizen_purge_at=None,
                )
            ).rowcount
            conn.execute(
                schema.idempotency.delete().where(schema.idempotency.c.created_at < now - 2 * 86400)
            )
        for centre_id in self.centres:
            closed += self._close_past_days(centre_id, now)
        return {"purged": purged, "closed": closed}

    def _close_past_days(self, centre_id: str, now: float) -> int:
        today = self.today(centre_id, now)
        left_open = select(T).where(
            T.c.centre_id == centre_id,
            T.c.service_day < today,
            T.c.status.in_((Status.WAITING.value, *OPEN_STATUSES)),
        )
        with self.db.read() as conn:  # nearly always nothing: then take no write lock at all
            if conn.execute(left_open.limit(1)).first() is None:
                return 0
        with self._centre_tx(centre_id, now) as tx:
            rows = tx.conn.execute(left_open).mappings().all()
            for r in rows:
                row = dict(r)
                before = to_domain(row)
                if before.status is Status.SERVING:
                    after = rules.finish(before, now)
                else:
                    after = rules.cancel(before, now)
                self._save(tx, row, before, after)
                self._release(tx, before.counter_id, before.id)
                kind = EVENT_OF_ACTION["finish" if after.status is Status.DONE else "cancel"]
                self._event(tx, kind, row, reason="end_of_day")
        return len(rows)
