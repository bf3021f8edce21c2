"""What the result screen says of an issued ticket beyond its number: who waits ahead,
the estimate (or that no counter is open), the procedure, the priority counter. A part
of `KioskPresenter`."""

from __future__ import annotations

from collections.abc import Callable

from queue_core.centre import CentreConfig, Procedure, Service, counter_list
from queue_core.contract import TicketView


class ResultWording:
    centre: CentreConfig
    t: Callable[..., str]
    name_of: Callable[[Service | Procedure], str]

    def waiting_line(self, ticket: TicketView) -> str:
        """ "Số người chờ trước Quý vị: 3", and the estimate only when a counter is open."""
        if ticket.waiting_ahead is None:
            return ""
        line = self.t("waiting", n=ticket.waiting_ahead)
        if ticket.estimated_wait_s is not None:
            minutes = max(1, round(ticket.estimated_wait_s / 60))
            return f"{line}\n{self.t('estimate', m=minutes)}"
        return f"{line}\n{self.t('no_counter_open')}"

    def procedure_name(self, ticket: TicketView) -> str:
        service = self.centre.service(ticket.service_id)
        proc = next(
            (x for x in (service.procedures if service else []) if x.id == ticket.procedure_id),
            None,
        )
        return self.name_of(proc) if proc else ""

    def priority_line(self, ticket: TicketView) -> str | None:
        """'Mời Quý vị đến quầy ưu tiên 06' when an open priority counter calls it."""
        if not ticket.priority_counters:
            return None
        return self.t("priority_counter", counters=counter_list(ticket.priority_counters))
