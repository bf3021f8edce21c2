"""The rating pad's logic without widgets: when this counter finishes a citizen, ask how
it went; a low level asks why (optional); thanks; back to idle. No touch within the
timeout means no rating. Ratings go to the server once, through the outbox if needed."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from queue_client.api import ApiClient, ApiError, ServerUnreachable, new_key
from queue_client.background import Background, inline
from queue_client.outbox import Outbox
from queue_client.store import LocalStore
from queue_core.centre import CentreConfig, SatisfactionLevel
from queue_core.contract import RatingIn, TicketEvent


class PadScreen(StrEnum):
    IDLE = "idle"
    ASK = "ask"
    REASONS = "reasons"
    THANKS = "thanks"


class RatingSender:
    def __init__(self, api: ApiClient, store: LocalStore) -> None:
        self.api = api
        self.outbox = Outbox(
            api, store, "rating", lambda body: api.rate(RatingIn.model_validate(body))
        )

    def send(self, ticket_id: str, level: str, reasons: list[str]) -> str:
        """'sent', 'kept' (offline, sent later) or 'already' (the ticket was rated)."""
        body = RatingIn(
            ticket_id=ticket_id, level=level, reasons=reasons, idempotency_key=new_key("r")
        )
        try:
            self.api.rate(body)
            return "sent"
        except ServerUnreachable:
            self.outbox.keep(body.model_dump(mode="json"))
            return "kept"
        except ApiError as e:
            if e.code == "already_rated":
                return "already"
            raise


@dataclass
class PadState:
    screen: PadScreen = PadScreen.IDLE
    ticket: TicketEvent | None = None
    level: str | None = None
    reasons: list[str] = field(default_factory=list)
    shown_at: float = 0.0
    result: str = ""


class RatingPresenter:
    def __init__(
        self,
        centre: CentreConfig,
        counter_id: str,
        sender: RatingSender,
        *,
        reasons: list[str],
        timeout_s: float = 30,
        thanks_s: float = 5,
        clock: Callable[[], float] = time.time,
        background: Background = inline,
    ) -> None:
        """`background` sends the rating off the UI thread (the app passes a worker)."""
        self.centre = centre
        self.background = background
        self.counter_id = counter_id
        self.sender = sender
        self.reason_choices = reasons
        self.timeout_s = timeout_s
        self.thanks_s = thanks_s
        self.clock = clock
        self.state = PadState()
        self.listeners: list[Callable[[], None]] = []

    def changed(self) -> None:
        for listener in self.listeners:
            listener()

    def levels(self) -> list[tuple[SatisfactionLevel, float]]:
        """Each level with its mood, from 1 (best, first) to -1 (worst, last), for its face."""
        levels = self.centre.satisfaction_levels
        n = max(1, len(levels) - 1)
        return [(level, 1 - 2 * i / n) for i, level in enumerate(levels)]

    def _go(self, screen: PadScreen) -> None:
        self.state.screen = screen
        self.state.shown_at = self.clock()
        self.changed()

    def finished(self, event: TicketEvent) -> None:
        """A `ticket.finished` event: ask if it was this counter's citizen."""
        if event.counter_id != self.counter_id or event.reason == "end_of_day":
            return
        self.state = PadState(ticket=event)
        self._go(PadScreen.ASK)

    def choose(self, level_id: str) -> None:
        level = self.centre.level(level_id)
        if level is None or self.state.screen is not PadScreen.ASK:
            return
        self.state.level = level_id
        if level.positive:
            self.send()
        else:
            self._go(PadScreen.REASONS)

    def chosen_level(self) -> SatisfactionLevel | None:
        return self.centre.level(self.state.level) if self.state.level else None

    def back(self) -> None:
        """ "Quay lại" from the reasons: a mis-tap on a low level is undone, nothing sent."""
        if self.state.screen is PadScreen.REASONS:
            self.state.level = None
            self.state.reasons = []
            self._go(PadScreen.ASK)

    def toggle_reason(self, reason: str) -> None:
        r = self.state.reasons
        r.remove(reason) if reason in r else r.append(reason)
        self.state.shown_at = self.clock()
        self.changed()

    def send(self) -> None:
        """Thanks at once; the rating goes to the server (or the outbox) on the worker."""
        s = self.state
        if s.ticket is None or s.level is None or s.ticket.id is None:
            return
        ticket_id, level, reasons = s.ticket.id, s.level, list(s.reasons)

        def job() -> str:
            try:
                return self.sender.send(ticket_id, level, reasons)
            except ApiError as e:
                return e.message

        def done(result: str) -> None:
            self.state.result = result

        self._go(PadScreen.THANKS)
        self.background(job, done)

    def tick(self) -> None:
        waited = self.clock() - self.state.shown_at
        if self.state.screen in (PadScreen.ASK, PadScreen.REASONS) and waited >= self.timeout_s:
            self.state = PadState()  # no touch: no rating
            self._go(PadScreen.IDLE)
        elif self.state.screen is PadScreen.THANKS and waited >= self.thanks_s:
            self.state = PadState()
            self._go(PadScreen.IDLE)
