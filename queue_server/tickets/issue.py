"""Issuing a ticket: online with the next number of its group, or synced from a kiosk
that issued it offline with its own number."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from queue_core.centre import CentreConfig, NumberingGroup
from queue_core.clock import service_day
from queue_core.contract import EventKind, IssueIn, TicketView
from queue_core.errors import Conflict, Invalid, NotFound
from queue_core.numbering import format_number, next_seq, offline_group, offline_number
from queue_core.privacy import mask_id
from queue_core.tickets import Status

from ..auth import Principal
from ..centres import service_of
from ..context import ServerContext
from ..ids import new_id, new_public_token
from ..storage import numbers
from ..storage import tickets as ticket_rows
from ..transactions import Tx, fingerprint, run_once
from .changes import announce, load
from .position import with_position


def issue(ctx: ServerContext, p: Principal, body: IssueIn) -> TicketView:
    cfg = ctx.centres.config(p.centre_id)
    service = service_of(cfg, body.service_id)
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
    tz = ctx.centres.tz(p.centre_id)

    def work(tx: Tx) -> TicketView:
        if body.offline:
            issued_at, group_id, seq_no, number = _offline_number(tx, body)
        else:
            issued_at, group_id = tx.now, group.id
            seq_no = _next_number(tx, group, service_day(tx.now, tz).isoformat())
            number = format_number(group, seq_no)
        citizen = body.citizen
        row: dict[str, Any] = {
            "id": new_id(),
            "centre_id": tx.centre_id,
            "service_day": service_day(issued_at, tz).isoformat(),
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
            "from_counter_id": None,
            "call_rule": None,
            "call_reason": None,
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
            "citizen_purge_at": purge_at(tx.now, tz, cfg) if citizen else None,
        }
        with _claiming(tx.conn, number):
            ticket_rows.put(tx.conn, row)
        announce(tx, cfg, EventKind.ISSUED, row)
        return with_position(tx.conn, cfg, row)

    def adopt(tx: Tx, first_hash: str, first: TicketView) -> TicketView | None:
        """The kiosk's online request was done but its answer lost, so the kiosk
        printed an offline number under the same key. The paper in the citizen's hand
        wins: that ticket takes the offline number (no second ticket, no orphan)."""
        online_twin = fingerprint(ctx.secret, p, body.model_copy(update={"offline": None}), "issue")
        if body.offline is None or first_hash != online_twin or first.issued_offline:
            return None
        assert first.id is not None
        row = load(tx.conn, tx.centre_id, first.id)
        _, group_id, seq_no, number = _offline_number(tx, body)
        with _claiming(tx.conn, number):
            ticket_rows.renumber(tx.conn, row["id"], number, group_id, seq_no)
        old_number = row["number"]
        row.update(number=number, group_id=group_id, seq_no=seq_no, issued_offline=True)
        announce(tx, cfg, EventKind.RENUMBERED, row, old_number=old_number)
        return with_position(tx.conn, cfg, row)

    issued = run_once(ctx, p, body, "issue", TicketView, work, amend=adopt)
    assert issued is not None
    return issued


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


def _next_number(tx: Tx, group: NumberingGroup, day: str) -> int:
    last = numbers.last_number(tx.conn, tx.centre_id, day, group.id)
    seq_no = next_seq(group, last)
    numbers.set_last_number(tx.conn, tx.centre_id, day, group.id, seq_no, first=last is None)
    return seq_no


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


def purge_at(now: float, tz: ZoneInfo, cfg: CentreConfig) -> float:
    """When a ticket's citizen data is forgotten: after the configured hours, or at the
    end of the service day."""
    hours = cfg.policy.citizen_retention_hours
    if hours:
        return now + hours * 3600
    local = datetime.fromtimestamp(now, tz)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tz)
    return midnight.timestamp()
