"""Live events: one hub per followed centre reads each new event once, encodes it once,
and hands the same bytes to every stream of that centre.

A commit calls `Broker.notify` from a worker thread; the hub of that centre (when any
stream follows it) reads what is new in one database read, off the event loop, and
appends it to each subscriber's pending list. A stream only joins those bytes and
writes them: 2,000 displays of one centre cost one read and one encoding per event.
For commits made by another server process over the same PostgreSQL database, the
LISTEN/NOTIFY listener calls `notify` too; one poller is the safety net (every `poll_s`
one query for the sequences of all followed centres, however many centres and streams).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from ..context import EventRows

Chunk = tuple[int, bytes]
"""One event as it goes on the wire: its sequence and its encoded SSE message."""
KEEP = 1000
ANSWER_FIRST_S = 0.001


def format_event(seq: int, kind: str, data: str) -> str:
    return f"id: {seq}\nevent: {kind}\ndata: {data}\n\n"


def encode(rows: EventRows) -> list[Chunk]:
    return [(seq, format_event(seq, kind, data).encode()) for seq, kind, data in rows]


class Subscriber:
    """One stream's mailbox: chunks the hub appended, and a flag that wakes it — for
    new events, or (from the broker's ticker) when a keep-alive or a token check is due.
    A stream waits with no timer of its own: thousands of timers rescheduled at every
    event cost more than the writes."""

    __slots__ = ("due_s", "joined_at", "pending", "wake", "woken_at")

    def __init__(self, joined_at: int, due_s: float) -> None:
        self.joined_at = joined_at
        """The hub's cursor when the stream joined: the replay reads up to there."""
        self.pending: list[Chunk] = []
        self.wake = asyncio.Event()
        self.due_s = due_s
        """The ticker wakes the stream once this long has passed since it last woke."""
        self.woken_at = time.monotonic()


@dataclass
class _Hub:
    cursor: int
    """The newest event handed to the subscribers."""
    subscribers: set[Subscriber] = field(default_factory=set)
    recent: list[Chunk] = field(default_factory=list)
    """The newest chunks, contiguous: a stream that joins or catches up reads them here."""
    pump: asyncio.Task[None] | None = None


class Broker:
    def __init__(
        self,
        read_seqs: Callable[[list[str]], dict[str, int]] | None = None,
        read_events: Callable[[str, int], EventRows] | None = None,
        *,
        poll_s: float = 1.0,
    ) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._read_seqs = read_seqs
        self._read_events = read_events
        self._poll_s = poll_s
        self._known: dict[str, int] = {}
        self._hubs: dict[str, _Hub] = {}
        self._ticker: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def notify(self, centre_id: str, seq: int, rows: EventRows | None = None) -> None:
        """Thread-safe: called after a commit that appended events — with them, when this
        process made them (no read needed), or without (another process, the poller)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._fire, centre_id, seq, rows)

    def _fire(self, centre_id: str, seq: int, rows: EventRows | None = None) -> None:
        self._known[centre_id] = max(self._known.get(centre_id, 0), seq)
        hub = self._hubs.get(centre_id)
        if hub is None or hub.cursor >= seq:
            return
        idle = hub.pump is None or hub.pump.done()
        if idle and rows and rows[0][0] == hub.cursor + 1 and rows[-1][0] == seq:
            # The commit's own events, in order: no read needed. Handed out a moment
            # later, so that the answer to the request that made them is written first
            # (writing to 2,000 streams takes the loop tens of milliseconds).
            chunks = encode(rows)
            hub.cursor = seq
            asyncio.get_running_loop().call_later(ANSWER_FIRST_S, self._deliver, hub, chunks)
        elif idle:
            hub.pump = asyncio.get_running_loop().create_task(self._pump(centre_id, hub))

    @staticmethod
    def _deliver(hub: _Hub, chunks: list[Chunk]) -> None:
        hub.recent = (hub.recent + chunks)[-KEEP:]
        hub.cursor = max(hub.cursor, chunks[-1][0])
        for sub in hub.subscribers:
            sub.pending.extend(chunks)
            sub.wake.set()

    async def _pump(self, centre_id: str, hub: _Hub) -> None:
        """Read what is new once, and give it to every subscriber."""
        assert self._read_events is not None
        while hub.cursor < self._known.get(centre_id, 0) and hub.subscribers:
            try:
                rows = await run_in_threadpool(self._read_events, centre_id, hub.cursor)
            except Exception:  # noqa: BLE001 - a database hiccup: the poller tries again
                return
            if not rows:
                return
            self._deliver(hub, encode(rows))

    @contextlib.contextmanager
    def subscribed(self, centre_id: str, newest: int, due_s: float) -> Iterator[Subscriber]:
        """While a stream follows a centre its hub runs; `newest` is the centre's last
        sequence as the stream read it before joining (what the hub starts after)."""
        loop = asyncio.get_running_loop()
        if self._ticker is None or self._ticker.done():
            self._ticker = loop.create_task(self._tick())
        if self._read_seqs is not None and (self._poller is None or self._poller.done()):
            self._poller = loop.create_task(self._poll())
        hub = self._hubs.get(centre_id)
        if hub is None:
            hub = self._hubs[centre_id] = _Hub(cursor=max(newest, self._known.get(centre_id, 0)))
        sub = Subscriber(hub.cursor, due_s)
        hub.subscribers.add(sub)
        try:
            yield sub
        finally:
            hub.subscribers.discard(sub)
            if not hub.subscribers:
                del self._hubs[centre_id]
                if hub.pump is not None:
                    hub.pump.cancel()

    async def catch_up(self, centre_id: str, cursor: int) -> list[Chunk]:
        """Events after `cursor` up to what the hub has handed out: from the hub's
        memory when it holds them all, else one read."""
        hub = self._hubs.get(centre_id)
        if hub is not None and hub.recent and hub.recent[0][0] <= cursor + 1:
            return [c for c in hub.recent if c[0] > cursor]
        assert self._read_events is not None
        return encode(await run_in_threadpool(self._read_events, centre_id, cursor))

    async def _tick(self, every_s: float = 0.5) -> None:
        """Wake each stream that has slept its `due_s`: one timer for all of them."""
        while self._hubs:
            await asyncio.sleep(every_s)
            now = time.monotonic()
            for hub in list(self._hubs.values()):
                for sub in hub.subscribers:
                    if now - sub.woken_at >= sub.due_s:
                        sub.wake.set()

    async def _poll(self, chunk: int = 500) -> None:
        """While any centre is followed: its sequence read with all the others'."""
        assert self._read_seqs is not None
        read = self._read_seqs
        while self._hubs:
            await asyncio.sleep(self._poll_s)
            followed = list(self._hubs)
            for i in range(0, len(followed), chunk):
                try:
                    seqs = await run_in_threadpool(read, followed[i : i + chunk])
                except Exception:  # noqa: BLE001 - a database hiccup: try again next time
                    continue
                for centre_id, seq in seqs.items():
                    if seq > self._known.get(centre_id, 0):
                        self._fire(centre_id, seq)


def in_order(chunks: list[Chunk], cursor: int) -> tuple[bytes, int, list[Chunk]]:
    """The chunks that follow `cursor` without a hole, each once; the new cursor; and
    those beyond a hole."""
    out: list[bytes] = []
    ahead: list[Chunk] = []
    for seq, data in sorted(chunks, key=lambda c: c[0]):
        if seq == cursor + 1:
            out.append(data)
            cursor = seq
        elif seq > cursor + 1:
            ahead.append((seq, data))
    return b"".join(out), cursor, [c for c in ahead if c[0] > cursor]


async def stream_events(
    broker: Broker,
    centre_id: str,
    after: int,
    newest: int,
    *,
    keepalive_s: float,
    still_allowed: Callable[[], Awaitable[bool]] | None = None,
    recheck_s: float = 5.0,
) -> AsyncIterator[bytes]:
    """Every event after `after`, then live ones, with comment keep-alives. Every
    `recheck_s` the caller's token is checked again: a revoked one ends the stream."""
    yield b"retry: 2000\n\n"
    due_s = min(keepalive_s, recheck_s if still_allowed is not None else keepalive_s)
    with broker.subscribed(centre_id, newest, due_s) as sub:
        cursor = after
        while cursor < sub.joined_at:  # the replay, in batches
            chunks = await broker.catch_up(centre_id, cursor)
            if not chunks:
                break
            yield b"".join(c for _, c in chunks)
            cursor = chunks[-1][0]
        last_sent = last_check = time.monotonic()
        while True:
            if sub.pending:
                chunks, sub.pending = sub.pending, []
                if chunks[0][0] > cursor + 1:  # a hole (joined while the hub was behind)
                    chunks = await broker.catch_up(centre_id, cursor) + chunks
                out, cursor, ahead = in_order(chunks, cursor)
                sub.pending = ahead + sub.pending  # still a hole: filled next time round
                if out:
                    yield out
                    last_sent = time.monotonic()
            now = time.monotonic()
            if still_allowed is not None and now - last_check >= recheck_s:
                if not await still_allowed():
                    return
                last_check = now
            if now - last_sent >= keepalive_s:
                yield b": keep-alive\n\n"
                last_sent = now
            if sub.pending:
                continue
            sub.wake.clear()
            await sub.wake.wait()
            sub.woken_at = time.monotonic()
