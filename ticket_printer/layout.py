"""What a ticket says, in Vietnamese (or English on request), from a ticket and the centre.

Pure: no fonts, no bytes. UI.md's ticket:

    TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG / PHƯỜNG HOÀNG MAI / PHIẾU SỐ THỨ TỰ
    1023  ← the largest thing on the paper
    Lĩnh vực · Quầy · Số người chờ trước Quý vị · Dự kiến · [ƯU TIÊN] · Lấy số lúc · QR · footer
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from queue_core.centre import CentreConfig, counter_list
from queue_core.contract import TicketView

Language = Literal["vi", "en"]

LABELS: dict[Language, dict[str, str]] = {
    "vi": {
        "header": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "title": "PHIẾU SỐ THỨ TỰ",
        "service": "Lĩnh vực",
        "counters": "Quầy",
        "waiting": "Số người chờ trước Quý vị",
        "estimate": "Dự kiến",
        "minutes": "phút",
        "priority": "ƯU TIÊN",
        "issued": "Lấy số lúc",
        "scan": "Quét mã để xem lượt chờ",
        "footer": "Vui lòng theo dõi màn hình và loa thông báo.",
        "offline": "Phiếu cấp khi mất kết nối máy chủ",
        "priority_counter": "Mời Quý vị đến quầy ưu tiên",
    },
    "en": {
        "header": "PUBLIC ADMINISTRATIVE SERVICE CENTRE",
        "title": "QUEUE TICKET",
        "service": "Service",
        "counters": "Counter",
        "waiting": "People ahead of you",
        "estimate": "Estimated",
        "minutes": "min",
        "priority": "PRIORITY",
        "issued": "Issued at",
        "scan": "Scan to follow your turn",
        "footer": "Please watch the screen and listen for your number.",
        "offline": "Issued while the server was unreachable",
        "priority_counter": "Please go to priority counter",
    },
}


@dataclass(frozen=True)
class TicketContent:
    header: str
    unit: str
    title: str
    number: str
    lines: tuple[str, ...]
    """Body lines, each wrapped to the paper when rendered."""
    priority: str | None
    issued_line: str
    status_url: str
    scan_hint: str
    footer: str

    def all_text(self) -> str:
        return "\n".join(
            [
                self.header,
                self.unit,
                self.title,
                self.number,
                *self.lines,
                self.priority or "",
                self.issued_line,
                self.scan_hint,
                self.footer,
            ]
        )


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def ticket_content(
    ticket: TicketView, cfg: CentreConfig, language: Language = "vi"
) -> TicketContent:
    """From the server's ticket (number, service, waiting_ahead, …) and the centre."""
    t = LABELS[language]
    service = cfg.service(ticket.service_id)
    service_name = (
        (service.name_en or service.name)
        if service and language == "en"
        else (service.name if service else ticket.service_name or ticket.service_id)
    )
    counters = [c for c in cfg.counters if ticket.service_id in c.services]
    if ticket.target_counter_id:
        counters = [c for c in cfg.counters if c.id == ticket.target_counter_id]
    where = counter_list(c.number for c in counters)
    places = sorted({c.location for c in counters if c.location})
    counter_line = f"{t['counters']}: {where}" + (f" · {'; '.join(places)}" if places else "")
    if ticket.priority_counters:
        counter_line = f"{t['priority_counter']} {counter_list(ticket.priority_counters)}"
    lines = [f"{t['service']}: {service_name}", counter_line]
    wait, ahead = ticket.estimated_wait_s, ticket.waiting_ahead
    if ahead is not None:  # unknown on a ticket issued offline
        waiting = f"{t['waiting']}: {ahead}"
        if wait is not None:
            waiting += f" · {t['estimate']}: ~{max(1, round(wait / 60))} {t['minutes']}"
        lines.append(waiting)
    if ticket.issued_offline:
        lines.append(t["offline"])
    priority = None
    if ticket.priority:
        group = cfg.priority_group(ticket.priority)
        name = (
            (group.name_en or group.name)
            if group and language == "en"
            else (group.name if group else ticket.priority)
        )
        priority = f"{t['priority']} · {name}"
    issued = datetime.fromisoformat(ticket.issued_at)
    return TicketContent(
        header=nfc(t["header"]),
        unit=nfc(cfg.centre.unit),
        title=nfc(t["title"]),
        number=ticket.number,
        lines=tuple(nfc(x) for x in lines),
        priority=nfc(priority) if priority else None,
        issued_line=nfc(f"{t['issued']}: {issued:%H:%M %d/%m/%Y}"),
        status_url=ticket.status_url,
        scan_hint=nfc(t["scan"]),
        footer=nfc(t["footer"]),
    )
