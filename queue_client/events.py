"""Follow a centre's event stream and never miss an event: on every reconnect the
stream resumes from the last sequence seen (Last-Event-ID), so the server replays
whatever happened during the cut."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from queue_core.contract import EventKind

from .api import ApiClient
from .sse import Event, read_events
from .transport import ServerUnreachable, Stream

log = logging.getLogger("xephang.events")


class EventStream:
    def __init__(
        self,
        api: ApiClient,
        after: int,
        on_event: Callable[[Event], None],
        *,
        on_connected: Callable[[bool], None] = lambda up: None,
        retry_s: float = 1.0,
        read_timeout_s: float = 40.0,
    ) -> None:
        self.api = api
        self.last_seq = after
        self.on_event = on_event
        self.on_connected = on_connected
        self.retry_s = retry_s
        self.read_timeout_s = read_timeout_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="events", daemon=True)
        self._stream: Stream | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Returns at once; the reading thread ends on its own."""
        self._stop.set()
        if self._stream is not None:
            self._stream.close()

    def _run(self) -> None:
        delay = self.retry_s
        while not self._stop.is_set():
            try:
                stream = self._stream = self.api.events(self.last_seq, self.read_timeout_s)
                try:
                    if stream.status != 200:
                        raise ServerUnreachable(f"HTTP {stream.status}")
                    self.on_connected(True)
                    delay = self.retry_s
                    for ev in read_events(stream.lines()):
                        if self._stop.is_set():
                            return
                        if ev is not None and ev.kind == EventKind.RESYNC:
                            self.last_seq = ev.seq  # the server's log is behind us: follow it
                            self.on_event(ev)
                        elif ev is not None and ev.seq > self.last_seq:
                            self.last_seq = ev.seq
                            self.on_event(ev)
                finally:
                    stream.close()
            except (ServerUnreachable, ValueError, OSError) as e:
                if self._stop.is_set():
                    return
                log.info("event stream cut (%s); resuming after %d", e, self.last_seq)
            if self._stop.is_set():
                return
            self.on_connected(False)
            self._stop.wait(delay)
            delay = min(delay * 2, 10.0)
