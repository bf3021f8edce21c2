"""Follow a centre's event stream and never miss an event: on every reconnect the
stream resumes from the last sequence seen (Last-Event-ID), so the server replays
whatever happened during the cut."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import requests

from .sse import Event, read_events

log = logging.getLogger("xephang.events")


class EventStream:
    def __init__(
        self,
        base_url: str,
        token: str,
        after: int,
        on_event: Callable[[Event], None],
        *,
        on_connected: Callable[[bool], None] = lambda up: None,
        retry_s: float = 1.0,
        read_timeout_s: float = 40.0,
    ) -> None:
        self.url = base_url.rstrip("/") + "/api/v1/events"
        self.token = token
        self.last_seq = after
        self.on_event = on_event
        self.on_connected = on_connected
        self.retry_s = retry_s
        self.read_timeout_s = read_timeout_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="events", daemon=True)
        self._response: requests.Response | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Returns at once: closing a response another thread is reading blocks until the
        next byte (up to a keep-alive), so the close happens in the background."""
        self._stop.set()
        if self._response is not None:
            threading.Thread(target=self._response.close, daemon=True).start()

    def _run(self) -> None:
        delay = self.retry_s
        while not self._stop.is_set():
            headers = {"Authorization": f"Bearer {self.token}", "Last-Event-ID": str(self.last_seq)}
            try:
                with requests.get(
                    self.url, headers=headers, stream=True, timeout=(3, self.read_timeout_s)
                ) as resp:
                    if resp.status_code != 200:
                        raise requests.RequestException(f"HTTP {resp.status_code}")
                    self._response = resp
                    self.on_connected(True)
                    delay = self.retry_s
                    for ev in read_events(resp):
                        if self._stop.is_set():
                            return
                        if ev is not None and ev.seq > self.last_seq:
                            self.last_seq = ev.seq
                            self.on_event(ev)
            except (requests.RequestException, ValueError, OSError, AttributeError) as e:
                # AttributeError: http.client after stop() closed the response under it
                if self._stop.is_set():
                    return
                log.info("event stream cut (%s); resuming after %d", e, self.last_seq)
            self.on_connected(False)
            self._stop.wait(delay)
            delay = min(delay * 2, 10.0)
