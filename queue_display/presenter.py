"""The waiting-room board without widgets: who is served where, the last calls, how many
wait, and which call to announce. Calls apply the moment their event arrives; the waiting
counts come from queue snapshots."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from queue_client.sse import Event
from queue_core.centre import CentreConfig
from queue_core.clock import VIETNAM, epoch_of, local_time
from queue_core.contract import (
    CALL_EVENTS,
    END_EVENTS,
    CounterEvent,
    EventKind,
    Snapshot,
    TicketEvent,
)
from queue_core.screen_text import FRESH_S
from queue_core.speech import NumberStyle, call_sentence, short_call


@dataclass
class Row:
    counter_id: str
    number: int
    name: str
    serving: str = ""
    paused: bool = False
    priority: bool = False
    """A priority counter (quầy ưu tiên): the board says so."""
    highlight_until: float = 0.0


@dataclass
class Call:
    number: str
    counter_number: int
    at: float
    recall: bool = False

    @property
    def key(self) -> str:
        """One call to one counter: what the announcer merges and reports back."""
        return f"{self.number}@{self.counter_number}"


@dataclass
class BoardState:
    rows: list[Row] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    waiting: list[tuple[str, int]] = field(default_factory=list)
    banner: Call | None = None
    banner_until: float = 0.0
    connected: bool = False
    last_seq: int = 0


class DisplayPresenter:
    def __init__(
        self,
        centre: CentreConfig,
        *,
        zone: list[str] | None = None,
        highlight_s: float = 6.0,
        number_style: NumberStyle = "words",
        announce: Callable[[str, str, str], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`announce(sentence, key, short)` speaks a call and later reports
        `spoken(key)`, when the banner appears with the voice; without it the banner
        shows at once."""
        self.centre = centre
        self.zone = set(zone or [c.id for c in centre.counters])
        self.highlight_s = highlight_s
        self.number_style = number_style
        self.announce = announce
        self._unspoken: dict[str, Call] = {}
        """Calls handed to the announcer, by key, waiting for their banner."""
        self.clock = clock
        self.state = BoardState(
            rows=[
                Row(c.id, c.number, c.name, priority=c.priority is not None)
                for c in centre.counters
                if c.id in self.zone
            ]
        )
        self.listeners: list[Callable[[], None]] = []
        self.shown_at: dict[int, float] = {}
        """seq → when the board showed it (for the display benchmark)."""

    def changed(self) -> None:
        for listener in self.listeners:
            listener()

    def row(self, counter_id: str | None) -> Row | None:
        return next((r for r in self.state.rows if r.counter_id == counter_id), None)

    def load(self, snapshot: Snapshot) -> None:
        """The whole board from GET /api/v1/queue (start, reconnect, periodic refresh)."""
        for c in snapshot.counters:
            row = self.row(c.id)
            if row is not None:
                row.serving = c.current.number if c.current else ""
                row.paused = c.paused
        self.state.waiting = [(w.service_name, w.count) for w in snapshot.waiting]
        if not self.state.calls:
            self.state.calls = [
                Call(x.number, x.counter_number or 0, epoch_of(x.called_at))
                for x in snapshot.recent_calls
                if x.counter_id in self.zone
            ][:6]
        self.state.last_seq = max(self.state.last_seq, snapshot.last_seq)
        self.changed()

    def apply(self, ev: Event) -> None:
        self.state.last_seq = max(self.state.last_seq, ev.seq)
        data = ev.payload
        if ev.kind in CALL_EVENTS and isinstance(data, TicketEvent):
            row = self.row(data.counter_id)
            if row is None:
                return  # another zone's counter
            now = self.clock()
            for other in self.state.rows:  # only the newest call is lit
                other.highlight_until = 0.0
            row.serving = data.number
            row.highlight_until = now + self.highlight_s
            call = Call(data.number, row.number, now, recall=ev.kind == EventKind.RECALLED)
            self.state.calls = [call, *self.state.calls][:6]
            fresh = now - epoch_of(data.called_at) <= FRESH_S or call.recall
            if fresh and self.announce is not None:
                self._unspoken[call.key] = call
                self.announce(
                    call_sentence(data.number, row.number, self.number_style),
                    call.key,
                    short_call(data.number, row.number, self.number_style),
                )
            elif fresh:
                self._show_banner(call)
            self.shown_at[ev.seq] = time.perf_counter()
        elif ev.kind in END_EVENTS and isinstance(data, TicketEvent):
            for row in self.state.rows:
                if row.serving == data.number:
                    row.serving = ""
                    row.highlight_until = 0.0
            banner = self.state.banner
            if banner is not None and banner.number == data.number:
                self.state.banner = None  # no-show, finished, moved: nobody is called now
            self._unspoken = {k: c for k, c in self._unspoken.items() if c.number != data.number}
        elif isinstance(data, CounterEvent):
            row = self.row(data.counter_id)
            if row is not None:
                row.paused = data.paused
        else:
            return  # issued, rated, device health: nothing on the board changes now
        self.changed()

    def spoken(self, key: str) -> None:
        """The announcer starts saying this call: its banner shows now."""
        call = self._unspoken.pop(key, None)
        if call is not None:
            self._show_banner(call)
            self.changed()

    def _show_banner(self, call: Call) -> None:
        self.state.banner = call
        self.state.banner_until = self.clock() + max(5.0, self.highlight_s)

    def set_connected(self, up: bool) -> None:
        if up != self.state.connected:
            self.state.connected = up
            self.changed()

    def tick(self) -> None:
        now = self.clock()
        dirty = False
        if self.state.banner and now >= self.state.banner_until:
            self.state.banner = None
            dirty = True
        for r in self.state.rows:
            if 0 < r.highlight_until <= now:
                r.highlight_until = 0.0
                dirty = True
        if dirty:
            self.changed()

    def now_text(self) -> str:
        return local_time(self.clock(), VIETNAM).strftime("%H:%M:%S  %d/%m/%Y")
