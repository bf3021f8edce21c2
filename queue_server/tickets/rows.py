"""Between ticket rows, domain tickets and the contract's views."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from queue_core.centre import CentreConfig
from queue_core.clock import iso_local
from queue_core.contract import CitizenView, TicketEvent, TicketView
from queue_core.tickets import Status, Ticket

from ..storage.tickets import DOMAIN_COLUMNS


def to_domain(row: Mapping[str, Any]) -> Ticket:
    return Ticket(
        id=row["id"],
        centre_id=row["centre_id"],
        number=row["number"],
        group_id=row["group_id"],
        seq_no=row["seq_no"],
        service_day=date.fromisoformat(row["service_day"]),
        service_id=row["service_id"],
        status=Status(row["status"]),
        issued_at=row["issued_at"],
        priority=row["priority"],
        procedure_id=row["procedure_id"],
        counter_id=row["counter_id"],
        target_counter_id=row["target_counter_id"],
        officer_id=row["officer_id"],
        called_at=row["called_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        no_show_at=row["no_show_at"],
        cancelled_at=row["cancelled_at"],
        recall_count=row["recall_count"],
        transfer_count=row["transfer_count"],
        issued_offline=bool(row["issued_offline"]),
        from_counter_id=row["from_counter_id"],
    )


def changed_columns(before: Ticket, after: Ticket) -> dict[str, Any]:
    """Only what the transition changed, ready for an UPDATE."""
    out: dict[str, Any] = {}
    for col in DOMAIN_COLUMNS:
        new = getattr(after, col)
        if new != getattr(before, col):
            out[col] = new.value if isinstance(new, Status) else new
    return out


def _public_fields(row: Mapping[str, Any], cfg: CentreConfig) -> dict[str, Any]:
    service = cfg.service(row["service_id"])
    counter = cfg.counter(row["counter_id"]) if row["counter_id"] else None
    return {
        "id": row["id"],
        "number": row["number"],
        "service_id": row["service_id"],
        "service_name": service.name if service else row["service_id"],
        "procedure_id": row["procedure_id"],
        "priority": row["priority"],
        "status": row["status"],
        "counter_id": row["counter_id"],
        "counter_number": counter.number if counter else None,
        "target_counter_id": row["target_counter_id"],
        "issued_at": iso_local(row["issued_at"]),
        "called_at": iso_local(row["called_at"]),
        "started_at": iso_local(row["started_at"]),
        "finished_at": iso_local(row["finished_at"]),
        "recall_count": row["recall_count"],
        "transfer_count": row["transfer_count"],
        "issued_offline": bool(row["issued_offline"]),
        "priority_name": _group_name(cfg, row["priority"]),
        "call_rule": row["call_rule"],
        "call_reason": row["call_reason"],
    }


def _group_name(cfg: CentreConfig, group_id: str | None) -> str | None:
    group = cfg.priority_group(group_id) if group_id else None
    return group.name if group else group_id


def public_view(row: Mapping[str, Any], cfg: CentreConfig) -> TicketView:
    """What any device may see of a ticket: no personal data."""
    return TicketView(**_public_fields(row, cfg))


def event_view(row: Mapping[str, Any], cfg: CentreConfig, **extra: Any) -> TicketEvent:
    """The payload of a ticket.* event: the public view plus what the event adds."""
    return TicketEvent(**_public_fields(row, cfg), **extra)


def citizen_view(row: Mapping[str, Any]) -> CitizenView | None:
    """Name and masked id for staff; None when nothing was scanned or it was purged."""
    if not row["citizen_name"] and not row["citizen_id_masked"]:
        return None
    return CitizenView(
        name=row["citizen_name"],
        id_masked=row["citizen_id_masked"],
        birth_year=row["citizen_birth_year"],
    )


def staff_view(row: Mapping[str, Any], cfg: CentreConfig) -> TicketView:
    view = public_view(row, cfg)
    view.citizen = citizen_view(row)
    return view
