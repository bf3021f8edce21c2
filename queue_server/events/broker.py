"""Live events: wake SSE subscribers when a centre's log grows, and stream it.

A commit calls `Broker.notify` from a worker thread; subscribers wait on a per-centre
asyncio.Event that is replaced at every notification (a broadcast). For commits made by
another server process over the same PostgreSQL database, one poller per centre that
has subscribers reads the centre's sequence every `poll_s` seconds and wakes them when
it grew: the database sees one cheap query per centre per second, however many
displays and counters follow it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

from starlette.concurrency import run_in_threadpool

EventRows = list[tuple[int, str, str]]


class Broker:
    def __init__(
        self,
        read_seq: Callable[[str], int] | None = None,
        *,
        poll_s: float = 1.0,
    ) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiters: dict[str, asyncio.Event] = {}
        self._read_seq = read_seq
        self._poll_s = poll_s
        self._known: dict[str, int] = {}
        self._subscribers: Counter[str] = Counter()
        self._pollers: dict[str, asyncio.Task[None]] = {}
        self._recent: dict[str, EventRows] = {}
        """The newest events of each centre, contiguous: the streams of one centre all
        want the same new event at once, and one database read serves them all."""
        self._reading: dict[str, asyncio.Lock] = {}

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
            self._loop.call_soon_threadsafe(self._fire, centre_id, seq)

    def _fire(self, centre_id: str, seq: int) -> None:
        self._known[centre_id] = max(self._known.get(centre_id, 0), seq)
        ev = self._waiters.pop(centre_id, None)
        if ev is not None:
            ev.set()

    @contextlib.contextmanager
    def subscribed(self, centre_id: str) -> Iterator[None]:
        """While a stream follows a centre, its poller runs (when there is a reader)."""
        self._subscribers[centre_id] += 1
        if self._read_seq is not None and centre_id not in self._pollers:
            self._pollers[centre_id] = asyncio.get_running_loop().create_task(self._poll(centre_id))
        try:
            yield
        finally:
            self._subscribers[centre_id] -= 1
            if self._subscribers[centre_id] <= 0:
                del self._subscribers[centre_id]
                task = self._pollers.pop(centre_id, None)
                if task is not None:
                    task.cancel()

    async def read_after(
        self,
        centre_id: str,
        cursor: int,
        read: Callable[[str, int], EventRows],
        *,
        keep: int = 1000,
    ) -> EventRows:
        """Events after `cursor`, from memory when it holds all of them, else one read
        (in a thread, off the event loop) that the others then share."""
        async with self._reading.setdefault(centre_id, asyncio.Lock()):
            recent = self._recent.get(centre_id, [])
            newest = self._known.get(centre_id, 0)
            if recent and recent[0][0] <= cursor + 1 and recent[-1][0] >= newest:
                return [r for r in recent if r[0] > cursor]
            rows = await run_in_threadpool(read, centre_id, cursor)  # never on the loop
            if rows:
                tail = recent[-1][0] if recent else None
                fresh = [r for r in rows if tail is None or r[0] > tail]
                if fresh and tail is not None and fresh[0][0] == tail + 1:
                    recent = recent + fresh
                elif fresh:
                    recent = list(rows)
                self._recent[centre_id] = recent[-keep:]
                self._known[centre_id] = max(newest, rows[-1][0])
            return rows

    async def _poll(self, centre_id: str) -> None:
        assert self._read_seq is not None
        read = self._read_seq
        while True:
            await asyncio.sleep(self._poll_s)
            try:
                seq = await run_in_threadpool(read, centre_id)
            except Exception:  # noqa: BLE001 - a database hiccup: try again next time
                continue
            if seq > self._known.get(centre_id, 0):
                self._fire(centre_id, seq)


def format_event(seq: int, kind: str, data: str) -> str:
    return f"id: {seq}\nevent: {kind}\ndata: {data}\n\n"


async def stream_events(
    broker: Broker,
    read: Callable[[str, int], EventRows],
    centre_id: str,
    after: int,
    *,
    keepalive_s: float,
    still_allowed: Callable[[], Awaitable[bool]] | None = None,
    recheck_s: float = 5.0,
    batch: int = 500,
) -> AsyncIterator[str]:
    """Every event after `after`, then live ones, with comment keep-alives. Every
    `recheck_s` the caller's token is checked again: a revoked one ends the stream."""
    yield "retry: 2000\n\n"
    with broker.subscribed(centre_id):
        cursor = after
        last_sent = last_check = time.monotonic()
        while True:
            wake = broker.waiter(centre_id)
            rows = await broker.read_after(centre_id, cursor, read)
            for seq, kind, data in rows:
                yield format_event(seq, kind, data)
                cursor = seq
            if rows:
                last_sent = time.monotonic()
                if len(rows) >= batch:
                    continue
            now = time.monotonic()
            if still_allowed is not None and now - last_check >= recheck_s:
                if not await still_allowed():
                    return
                last_check = now
            timeout = min(keepalive_s - (now - last_sent), recheck_s - (now - last_check))
            try:
                await asyncio.wait_for(wake.wait(), timeout=max(0.01, timeout))
            except TimeoutError:
                if time.monotonic() - last_sent >= keepalive_s:
                    yield ": keep-alive\n\n"
                    last_sent = time.monotonic()
