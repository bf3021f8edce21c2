"""The counter's logic without widgets: the current citizen, what each key does, which
keys make sense now (and why not), what waits for this counter."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from queue_client.api import ApiError, ServerUnreachable
from queue_core.centre import CentreConfig
from queue_core.clock import epoch_of
from queue_core.contract import Snapshot, TicketAction, TicketView
from queue_core.tickets import Status

from .session import CounterSession

ACTIONS = {  # action → (label, shortcut)
    "call-next": ("Gọi tiếp", "F1"),
    "recall": ("Gọi lại", "F2"),
    "no-show": ("Vắng mặt", "F3"),
    "start": ("Bắt đầu", "F4"),
    "finish": ("Hoàn thành", "F5"),
    "transfer": ("Chuyển", "F6"),
    "pause": ("Tạm dừng", "F7"),
    "call-number": ("Gọi số…", "F8"),
}


@dataclass
class CounterState:
    current: TicketView | None = None
    paused: bool = False
    waiting: list[tuple[str, int, list[str]]] = field(default_factory=list)
    connected: bool = True
    message: str = ""
    transfer_open: bool = False


class CounterPresenter:
    def __init__(
        self,
        centre: CentreConfig,
        session: CounterSession,
        *,
        clock: Callable[[], float] = time.time,
        show_on_sign: Callable[[str], None] = lambda text: None,
    ) -> None:
        self.centre = centre
        self.session = session
        self.counter = centre.counter(session.counter_id)
        if self.counter is None:
            raise ValueError(f"no counter {session.counter_id} in centre {centre.centre.id}")
        self.clock = clock
        self.show_on_sign = show_on_sign
        self.state = CounterState()
        self.listeners: list[Callable[[], None]] = []
        self._min_seq = 0
        """The event sequence of this counter's last command: older snapshots are stale."""
        self._released: dict[str, float] = {}
        """Tickets this counter just let go: a snapshot taken before that must not bring
        them back on screen."""

    def changed(self) -> None:
        for listener in self.listeners:
            listener()

    # ------------------------------------------------------------------ reading
    def label(self, action: str) -> str:
        text, key = ACTIONS[action]
        if action == "pause" and self.state.paused:
            text = "Tiếp tục"
        return f"{text} [{key}]"

    def why_not(self, action: str) -> str:
        """Empty when the action makes sense now, else the reason (shown on hover)."""
        cur = self.state.current
        status = cur.status if cur else None
        if action in ("call-next", "call-number") and self.state.paused:
            return "Quầy đang tạm dừng: bấm Tiếp tục trước"
        if action in ("recall", "no-show", "start") and status is not Status.CALLED:
            return "Chưa có công dân được gọi"
        if action in ("finish", "transfer") and not (cur and cur.open):
            return "Chưa có công dân đang được phục vụ"
        return ""

    def enabled(self, action: str) -> bool:
        return not self.why_not(action)

    def waited_s(self) -> int:
        cur = self.state.current
        if not cur or not cur.called_at:
            return 0
        return max(0, round(epoch_of(cur.called_at) - epoch_of(cur.issued_at)))

    def serving_s(self) -> int:
        cur = self.state.current
        if not cur or not cur.open:
            return 0
        since = cur.started_at or cur.called_at
        return max(0, round(self.clock() - epoch_of(since))) if since else 0

    def service_name(self, service_id: str) -> str:
        s = self.centre.service(service_id)
        return s.name if s else service_id

    def transfer_targets(self) -> list[tuple[str, str]]:
        """('service:ID' | 'counter:ID', label): a short list, this counter excluded."""
        assert self.counter is not None
        out = [(f"service:{s.id}", s.name) for s in self.centre.services]
        out += [
            (f"counter:{c.id}", c.name) for c in self.centre.counters if c.id != self.counter.id
        ]
        return out

    # ------------------------------------------------------------------ live data
    def load(self, snapshot: Snapshot) -> None:
        assert self.counter is not None
        if snapshot.last_seq < self._min_seq:
            return  # taken before our own last command
        mine = snapshot.counter(self.counter.id)
        assert mine is not None
        self.state.paused = mine.paused
        services = set(self.counter.services)
        self.state.waiting = [
            (w.service_name, w.count, w.next_numbers[:3])
            for w in snapshot.waiting
            if w.service_id in services
        ]
        current = mine.current
        now = self.clock()
        self._released = {k: t for k, t in self._released.items() if now - t < 10}
        if current is not None and current.id in self._released:
            current = None  # a snapshot from before our own command
        if current is None:
            if self.state.current and self.state.current.open:
                self.state.current = None
        elif not self.state.current or self.state.current.id != current.id:
            self.state.current = current  # called from elsewhere (the keypad): fetch details later
        else:
            self.state.current = current.model_copy(update={"citizen": self.state.current.citizen})
        self.changed()

    def set_connected(self, up: bool) -> None:
        self.state.connected = up
        self.changed()

    # ------------------------------------------------------------------ actions
    def do(self, action: str, target: str | None = None, number: str | None = None) -> None:
        """One key press. Errors become a message; nothing is applied twice."""
        reason = self.why_not(action)
        if reason:
            self.state.message = reason
            self.changed()
            return
        self.state.message = ""
        self.state.transfer_open = False  # any command closes the transfer list
        try:
            self._do(action, target, number)
            self.state.connected = True  # the server answered, whatever the stream said
        except ApiError as e:
            self.state.connected = True
            self.state.message = e.message
        except ServerUnreachable:
            self.state.connected = False
            self.state.message = "Mất kết nối máy chủ, lệnh chưa thực hiện. Vui lòng thử lại. / Server unreachable, please retry."
        self.changed()

    def _do(self, action: str, target: str | None, number: str | None) -> None:
        s, cur = self.session, self.state.current
        self._last_answer: BaseModel | None = None
        releases = cur is not None and action in (
            "call-next",
            "no-show",
            "finish",
            "transfer",
            "call-number",
        )
        if action == "call-next":
            self.state.current = s.call_next()
            if self.state.current is None:
                self.state.message = "Không còn công dân chờ ở quầy này"
        elif action == "pause":
            self._last_answer = s.set_paused(not self.state.paused)
            self.state.paused = not self.state.paused
        elif action == "call-number":
            found = s.find(number or "")
            if not found:
                raise ApiError(
                    404,
                    "unknown_number",
                    f"Không có số {number} hôm nay / No ticket {number} today",
                )
            t = found[0]
            assert t.id is not None
            if t.status is Status.NO_SHOW:
                self.state.current = s.act(t.id, TicketAction.RECALL, counter_id=s.counter_id)
            else:
                self.state.current = s.call_next(t.id)
        elif action == "transfer":
            assert cur is not None and cur.id is not None and target is not None
            kind, _, ident = target.partition(":")
            self._last_answer = s.act(
                cur.id,
                TicketAction.TRANSFER,
                service_id=ident if kind == "service" else None,
                counter_id=ident if kind == "counter" else None,
            )
            self.state.current = None
            self.state.transfer_open = False
        else:
            assert cur is not None and cur.id is not None
            updated = s.act(cur.id, TicketAction(action))
            self._last_answer = updated
            self.state.current = (
                None if updated.status in (Status.DONE, Status.NO_SHOW) else updated
            )
        if releases and cur is not None and cur.id:  # only once the server took the command
            self._released[cur.id] = self.clock()
        for answer in (self.state.current, self._last_answer):
            seq = getattr(answer, "event_seq", None)
            if seq:
                self._min_seq = max(self._min_seq, seq)
        self.show_on_sign(self.state.current.number if self.state.current else "")

    def open_transfer(self) -> None:
        self.state.transfer_open = self.enabled("transfer") and not self.state.transfer_open
        self.changed()
