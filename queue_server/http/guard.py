"""Connection limits uvicorn lacks: a request must arrive whole (headers and body)
within a deadline, and the number of open connections stays below what the process's
file descriptors allow. At the cap, the oldest connection still waiting for its request
(a half-sent one, a slow-loris) makes room for the newcomer, so a flood of half-open
sockets never locks out the kiosks and counters."""

from __future__ import annotations

import asyncio
import resource
import time
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

RESERVED_FDS = 128
"""Descriptors kept for the database pool, log files and the event loop itself."""


def raise_fd_limit() -> int:
    """Lift the soft limit of open files to the hard one; the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


class GuardedHttp(HttpToolsProtocol):
    request_timeout_s: float = 10.0
    max_connections: int = 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self.waiting_since: float | None = None
        """When this connection began waiting for a request to arrive whole; None while
        a request is being answered or the connection idles between requests."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self._make_room()
        self._expect_request()

    def _expect_request(self) -> None:
        self.waiting_since = time.monotonic()
        self._cancel_deadline()
        self._deadline = self.loop.call_later(self.request_timeout_s, self._too_slow)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        if self.waiting_since is not None and not self.transport.is_closing():
            self.transport.close()

    def _make_room(self) -> None:
        stalled = [
            c
            for c in self.connections
            if isinstance(c, GuardedHttp) and c is not self and c.waiting_since is not None
        ]
        if stalled:
            oldest = min(stalled, key=lambda c: c.waiting_since or 0.0)
            oldest.transport.close()
        else:  # every connection is busy answering: this one waits its turn elsewhere
            self.transport.close()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self.waiting_since is None:  # the next request on a kept-alive connection
            self._expect_request()

    def on_message_complete(self) -> None:
        self.waiting_since = None
        self._cancel_deadline()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)
