"""The counter's logic without widgets: the current citizen, what each key does, which
keys make sense now (and why not), what waits for this counter.

A command is sent on the counter's worker (never on the UI thread) and says what it did
when the server answered. F1 while a citizen is at the counter would close that ticket
(no-show or finished): the first press only asks, a second within `confirm_s` does it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from queue_client.background import Background, inline
from queue_client.sse import Event
from queue_core.centre import CentreConfig
from queue_core.clock import epoch_of
from queue_core.contract import EventKind, HelpView, Snapshot, TicketView
from queue_core.tickets import Status

from .commands import Outcome, confirmation, send
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
VERBS = {"recall": "gọi lại", "no-show": "ghi vắng mặt", "start": "bắt đầu"}


@dataclass
class CounterState:
    current: TicketView | None = None
    paused: bool = False
    waiting: list[tuple[str, int, list[str]]] = field(default_factory=list)
    connected: bool = True
    message: str = ""
    message_kind: str = "ok"
    """"ok" (what a command did), "ask" (press again to confirm), "error"."""
    transfer_open: bool = False
    busy: str = ""
    """The command on its way to the server."""
    asking: tuple[str, float] | None = None
    """(action, asked at): a second press of the same key within confirm_s does it."""
    number_hint: str = ""
    """A number for F8 to call back (the last no-show)."""
    help: list[tuple[str, float]] = field(default_factory=list)
    """Kiosks whose help button was pressed: (the kiosk's name, when), newest first."""


HELP_SHOWN_S = 180.0
"""A call for help stays on the counters' screens this long."""


class CounterPresenter:
    def __init__(
        self,
        centre: CentreConfig,
        session: CounterSession,
        *,
        clock: Callable[[], float] = time.time,
        show_on_sign: Callable[[str], None] = lambda text: None,
        background: Background = inline,
        confirm_s: float = 5.0,
    ) -> None:
        self.centre = centre
        self.session = session
        self.counter = centre.counter(session.counter_id)
        if self.counter is None:
            raise ValueError(f"no counter {session.counter_id} in centre {centre.centre.id}")
        self.clock = clock
        self.show_on_sign = show_on_sign
        self.background = background
        self.confirm_s = confirm_s
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
        if self.state.busy:
            return f"Đang gửi lệnh {ACTIONS[self.state.busy][0]}…"
        if action in ("call-next", "call-number") and self.state.paused:
            return "Quầy đang tạm dừng: bấm Tiếp tục [F7] trước"
        if action in VERBS and status is not Status.CALLED:
            if cur is not None and status is Status.SERVING:
                return f"Đang phục vụ {cur.number}: không cần {VERBS[action]}"
            return "Chưa có công dân được gọi"
        if action in ("finish", "transfer") and not (cur and cur.open):
            return "Chưa có công dân tại quầy"
        return ""

    def enabled(self, action: str) -> bool:
        return not self.why_not(action)

    def waited_s(self) -> int:
        cur = self.state.current
        if not cur or not cur.called_at:
            return 0
        return max(0, round(epoch_of(cur.called_at) - epoch_of(cur.issued_at)))

    def serving_s(self) -> int:
        """Since Bắt đầu; a called citizen is not being served yet."""
        cur = self.state.current
        if not cur or cur.status is not Status.SERVING or not cur.started_at:
            return 0
        return max(0, round(self.clock() - epoch_of(cur.started_at)))

    def called_s(self) -> int:
        """Since the call, while the citizen walks to the counter."""
        cur = self.state.current
        if not cur or cur.status is not Status.CALLED or not cur.called_at:
            return 0
        return max(0, round(self.clock() - epoch_of(cur.called_at)))

    def service_name(self, service_id: str) -> str:
        s = self.centre.service(service_id)
        return s.name if s else service_id

    def transfer_targets(self) -> dict[str, list[tuple[str, str]]]:
        """Under a heading each, ('service:ID' | 'counter:ID', label): the other lĩnh
        vực (not the ticket's own) and the other counters."""
        assert self.counter is not None
        own = self.state.current.service_id if self.state.current else None
        return {
            "Chuyển sang lĩnh vực": [
                (f"service:{s.id}", s.name) for s in self.centre.services if s.id != own
            ],
            "Chuyển sang quầy": [
                (f"counter:{c.id}", c.name) for c in self.centre.counters if c.id != self.counter.id
            ],
        }

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
        st = self.state
        asked, st.asking = st.asking, None  # any other key withdraws a question
        reason = self.why_not(action)
        if reason:
            self._say(reason, "error")
            return
        st.transfer_open = False  # any command closes the transfer list
        question = confirmation(action, st.current)
        if question and not (
            asked and asked[0] == action and self.clock() - asked[1] <= self.confirm_s
        ):
            st.asking = (action, self.clock())
            self._say(question, "ask")
            return
        st.busy = action
        st.message, st.message_kind = f"Đang gửi lệnh {ACTIONS[action][0]}…", "ok"
        self.changed()
        before, paused = st.current, st.paused
        job = lambda: send(  # noqa: E731 - the worker's job, one line
            self.session, self.centre, action, before, paused, target, number
        )
        if not self.background(job, self._applied):
            st.busy = ""
            self._say("Máy đang bận, vui lòng bấm lại sau giây lát", "error")

    def _say(self, text: str, kind: str) -> None:
        self.state.message, self.state.message_kind = text, kind
        self.changed()

    def _applied(self, out: Outcome) -> None:
        st = self.state
        st.busy = ""
        st.connected = out.connected
        if out.error:
            self._say(out.error, "error")
            return
        st.current = out.current
        if out.paused is not None:
            st.paused = out.paused
        released = (
            out.before is not None
            and out.before.id
            and (out.current is None or out.current.id != out.before.id)
        )
        if released and out.before is not None and out.before.id:
            self._released[out.before.id] = self.clock()  # only once the server took it
        if out.current is not None and out.current.id:
            self._released.pop(out.current.id, None)  # called back: ours again
        if out.action == "no-show" and out.before is not None:
            st.number_hint = out.before.number
        for answer in (out.current, out.answer):
            seq = getattr(answer, "event_seq", None)
            if seq:
                self._min_seq = max(self._min_seq, seq)
        self.show_on_sign(st.current.number if st.current else "")
        self._say(out.said, "ok")

    def tick(self) -> None:
        """Every second: an unanswered question lapses, and so does a call for help."""
        asked = self.state.asking
        if asked and self.clock() - asked[1] > self.confirm_s:
            self.state.asking = None
            self._say("", "ok")
        now = self.clock()
        fresh = [(name, at) for name, at in self.state.help if now - at < HELP_SHOWN_S]
        if fresh != self.state.help:
            self.state.help = fresh
            self.changed()

    def apply(self, ev: Event) -> None:
        """An event from the stream: a kiosk's call for help shows on every counter."""
        if ev.kind == EventKind.HELP_REQUESTED and isinstance(ev.payload, HelpView):
            at = self.clock()
            others = [(n, t) for n, t in self.state.help if n != ev.payload.name]
            self.state.help = [(ev.payload.name, at), *others]
            self.changed()

    def help_text(self) -> str:
        """'Kiosk tầng 1 cần hỗ trợ (2 phút trước)' for each kiosk asking."""
        now = self.clock()
        return " · ".join(
            f"{name} cần hỗ trợ ({max(0, round((now - at) / 60))} phút trước)"
            for name, at in self.state.help
        )

    def open_transfer(self) -> None:
        if not self.enabled("transfer"):
            self._say(self.why_not("transfer"), "error")
            return
        self.state.transfer_open = not self.state.transfer_open
        self.changed()

    def cancel_transfer(self) -> None:
        self.state.transfer_open = False
        self._say("Đã huỷ chuyển", "ok")
