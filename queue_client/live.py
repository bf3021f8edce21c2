"""A device's live view of the queue: one snapshot, then the event stream with replay,
and a fresh snapshot (debounced) after events that change counts. Callbacks run in
worker threads; Qt apps hand them to the UI thread through signals."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from queue_core.contract import QUEUE_EVENTS, Snapshot

from .api import ApiClient, ServerUnreachable
from .events import EventStream
from .sse import Event


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
        self.on_event = on_event
        self.on_connected = on_connected
        self.debounce_s = debounce_s
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.first = api.queue()
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
        if ev.kind in QUEUE_EVENTS:
            self.refresh()

    def _connected(self, up: bool) -> None:
        self.on_connected(up)
        if up:
            self.refresh()

    def refresh(self) -> None:
        """A snapshot soon; a burst of events asks only once. A device that only follows
        events (the rating pad) passes no `on_snapshot` and asks for none."""
        if self.on_snapshot is None:
            return
        with self._lock:
            if self._timer is not None and self._timer.is_alive():
                return
            self._timer = threading.Timer(self.debounce_s, self._fetch)
            self._timer.daemon = True
            self._timer.start()

    def _fetch(self) -> None:
        assert self.on_snapshot is not None
        with contextlib.suppress(ServerUnreachable):
            self.on_snapshot(self.api.queue())
