"""A device's live view of the queue: one snapshot on connecting, then the event stream
with replay, each event applied to the board it holds (`queue_core.board`). A snapshot
is fetched again only when an event cannot be applied exactly (a gap, a resync). The
callbacks run in worker threads; Qt apps hand them to the UI thread through signals."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from queue_core.board import apply_event
from queue_core.contract import EventKind, Snapshot

from .api import ApiClient, ServerUnreachable
from .events import EventStream
from .sse import Event

_KINDS = {k.value: k for k in EventKind}


class LiveQueue:
    def __init__(
        self,
        api: ApiClient,
        *,
        on_snapshot: Callable[[Snapshot], None] | None,
        on_event: Callable[[Event], None] = lambda ev: None,
        on_connected: Callable[[bool], None] = lambda up: None,
        debounce_s: float = 0.3,
    ) -> None:
        self.api = api
        self.on_snapshot = on_snapshot
        """None for a device that only follows events (the rating pad): it is given no
        board, and after connecting asks for none."""
        self.on_event = on_event
        self.on_connected = on_connected
        self.debounce_s = debounce_s
        self.fetches = 0
        """Snapshots asked for after the first: a benchmark's and a test's figure."""
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.first = api.queue()
        self.board = self.first
        self.stream = EventStream(
            api, self.first.last_seq, self._event, on_connected=self._connected
        )

    def start(self) -> None:
        self.stream.start()

    def stop(self) -> None:
        self.stream.stop()
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()

    def _event(self, ev: Event) -> None:
        self.on_event(ev)
        kind = _KINDS.get(ev.kind)
        with self._lock:
            board = apply_event(self.board, ev.seq, kind, ev.payload) if kind is not None else None
            if board is not None:
                self.board = board
        if board is None:
            self.refresh()
        elif self.on_snapshot is not None and board.last_seq == ev.seq:
            self.on_snapshot(board)

    def _connected(self, up: bool) -> None:
        """A reconnect needs no snapshot: the stream replays what was missed."""
        self.on_connected(up)

    def refresh(self) -> None:
        """A snapshot soon; a burst of events asks only once."""
        if self.on_snapshot is None:
            return
        with self._lock:
            if self._timer is not None and self._timer.is_alive():
                return
            self._timer = threading.Timer(self.debounce_s, self._fetch)
            self._timer.daemon = True
            self._timer.start()

    def _fetch(self) -> None:
        with self._lock:
            self._timer = None
        with contextlib.suppress(ServerUnreachable):
            snap = self.api.queue()
            self.fetches += 1
            with self._lock:
                newer = snap.last_seq >= self.board.last_seq
                if newer:
                    self.board = snap
            if newer and self.on_snapshot is not None:
                self.on_snapshot(snap)
            if snap.last_seq < self.stream.last_seq:
                self.refresh()  # events arrived while it was built: settle again
