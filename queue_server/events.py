"""Live events: wake SSE subscribers when a centre's log grows, and stream it.

A commit calls `Broker.notify` from a worker thread; subscribers wait on a per-centre
asyncio.Event that is replaced at every notification (a broadcast). Each subscriber
also re-reads the log every `poll_s` seconds, so events written by another server
process over the same PostgreSQL database still arrive.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

from starlette.concurrency import run_in_threadpool

EventRows = list[tuple[int, str, str]]


class Broker:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiters: dict[str, asyncio.Event] = {}

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def waiter(self, centre_id: str) -> asyncio.Event:
        """Take this before reading the log, then wait on it: no wake-up can be missed."""
        ev = self._waiters.get(centre_id)
        if ev is None:
            ev = self._waiters[centre_id] = asyncio.Event()
        return ev

    def notify(self, centre_id: str, seq: int) -> None:
        """Thread-safe: called after a commit that appended events."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._fire, centre_id)

    def _fire(self, centre_id: str) -> None:
        ev = self._waiters.pop(centre_id, None)
        if ev is not None:
            ev.set()


def format_event(seq: int, kind: str, data: str) -> str:
    return f"id: {seq}\nevent: {kind}\ndata: {data}\n\n"


async def stream_events(
    broker: Broker,
    read: Callable[[str, int], EventRows],
    centre_id: str,
    after: int,
    *,
    inline: bool,
    keepalive_s: float,
    poll_s: float,
    batch: int = 500,
) -> AsyncIterator[str]:
    """Every event after `after`, then live ones, with comment keep-alives."""
    yield "retry: 2000\n\n"
    cursor = after
    last_sent = time.monotonic()
    while True:
        wake = broker.waiter(centre_id)
        # SQLite reads are short: on the loop. PostgreSQL waits on the network: a thread.
        rows = (
            read(centre_id, cursor) if inline else await run_in_threadpool(read, centre_id, cursor)
        )
        for seq, kind, data in rows:
            yield format_event(seq, kind, data)
            cursor = seq
        if rows:
            last_sent = time.monotonic()
            if len(rows) >= batch:
                continue
        idle = time.monotonic() - last_sent
        try:
            await asyncio.wait_for(wake.wait(), timeout=max(0.01, min(poll_s, keepalive_s - idle)))
        except TimeoutError:
            if time.monotonic() - last_sent >= keepalive_s:
                yield ": keep-alive\n\n"
                last_sent = time.monotonic()
