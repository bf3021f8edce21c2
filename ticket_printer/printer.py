"""The kiosk's view of its printer: a ticket in, paper out (or a DeviceError).

It is the one owner of the printer's transport: a print job and a status query take
turns under one lock, so a background DLE EOT can never land inside a ticket's bytes
(inside image data the printer would print it as dots)."""

from __future__ import annotations

import threading
from datetime import datetime

from queue_core.centre import CentreConfig
from queue_core.clock import VIETNAM
from queue_core.contract import TicketView
from queue_core.device_errors import DeviceState
from queue_core.paper import PaperMm, PrinterTransport
from queue_core.tickets import Status

from .encode import TicketEncoder
from .job import print_bytes
from .layout import Language, ticket_content


class TicketPrinter:
    def __init__(
        self,
        transport: PrinterTransport,
        centre: CentreConfig,
        paper_mm: PaperMm = 80,
        profile: str = "default",
        logo: bytes | None = None,
        *,
        large_print: bool = False,
    ) -> None:
        self.transport = transport
        self.centre = centre
        self._turn = threading.RLock()
        self.encoder = TicketEncoder(paper_mm, profile, logo, large=large_print)
        self.large_encoder = TicketEncoder(paper_mm, profile, logo, large=True)
        """For a citizen who chose large text at the kiosk, whatever the default."""

    def ticket_bytes(
        self, ticket: TicketView, language: Language = "vi", *, large: bool = False
    ) -> bytes:
        encoder = self.large_encoder if large else self.encoder
        return encoder.encode(ticket_content(ticket, self.centre, language))

    def print_ticket(
        self, ticket: TicketView, language: Language = "vi", *, large: bool = False
    ) -> DeviceState:
        """Print; returns the printer's state afterwards (e.g. paper low). `large`: the
        large-print ticket."""
        data = self.ticket_bytes(ticket, language, large=large)
        with self._turn:
            return print_bytes(self.transport, data)

    def status(self) -> DeviceState:
        with self._turn:
            return self.transport.status()


def sample_ticket(centre: CentreConfig, public_url: str | None = None) -> TicketView:
    """A realistic ticket for printer tests and previews (no real person)."""
    service = centre.services[0]
    base = (public_url or centre.centre.public_url).rstrip("/")
    return TicketView(
        id=None,
        number=f"{centre.group(service.numbering).first + 22}",
        service_id=service.id,
        service_name=service.name,
        status=Status.WAITING,
        waiting_ahead=7,
        estimated_wait_s=900,
        priority=centre.priority_groups[0].id if centre.priority_groups else None,
        issued_at=datetime.now(VIETNAM).isoformat(timespec="seconds"),
        status_url=f"{base}/t/MauThuNghiem-Test01",
    )
