"""Announcements in order: a chime, the call, repeated; one at a time, never cut off,
and never far behind the board.

Each call takes ~13 s spoken twice; on a busy day calls come faster than that. So the
announcer keeps its own short queue and, before each announcement, looks at what waits:
- a call older than `max_age_s` (default 60 s) is not spoken any more; when any was
  dropped, the backlog is said once ("Các số đã gọi đang hiển thị trên màn hình");
- a number called again while still waiting is spoken once, at its newest place;
- when others wait, up to `merge` calls are said as one short announcement ("Xin mời
  số 1001 quầy 2, số 1002 quầy 5"), once and without the chime.
`on_start(key, at)` says when each call starts to sound (the board shows its banner then).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from device_drivers.audio import Sink, SpeechEngine, SpeechError, compose, duration_s
from queue_core.speech import BACKLOG_SENTENCE, merged_calls

log = logging.getLogger("xephang.announcer")
BACKLOG_VI = BACKLOG_SENTENCE


class Speaker(Protocol):
    """What the display needs of an announcer (tests pass one that listens)."""

    on_start: Callable[[str, float], None]

    def say(self, text: str, key: str = "", short: str = "") -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Played:
    text: str
    started: float
    seconds: float
    key: str = ""
    queued: float = 0.0
    """When the call was handed over (monotonic): `started - queued` is how far behind."""


@dataclass(frozen=True)
class Pending:
    text: str
    key: str
    queued: float
    short: str = ""
    """The call's short form, for merging in a busy minute."""


class Announcer:
    def __init__(
        self,
        engine: SpeechEngine,
        sink: Sink,
        *,
        repeat: int = 2,
        with_chime: bool = True,
        max_age_s: float = 60.0,
        merge: int = 3,
        on_start: Callable[[str, float], None] = lambda key, at: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.sink = sink
        self.repeat = repeat
        self.with_chime = with_chime
        self.max_age_s = max_age_s
        self.merge = merge
        self.on_start = on_start
        self.clock = clock
        self.played: list[Played] = []
        self.dropped = 0
        self._waiting: deque[Pending] = deque()
        self._unsaid_drops = 0
        """Calls dropped since the backlog was last said."""
        self._closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def say(self, text: str, key: str = "", short: str = "") -> None:
        """Queue a call; `key` (number and counter) merges repeats of the same call,
        `short` is its short form for a busy minute."""
        with self._cond:
            if key:
                self._waiting = deque(p for p in self._waiting if p.key != key)
            self._waiting.append(Pending(text, key or text, self.clock(), short))
            self._cond.notify()

    def backlog(self) -> int:
        with self._cond:
            return len(self._waiting)

    def compose(
        self, text: str, repeat: int | None = None, with_chime: bool | None = None
    ) -> bytes:
        return compose(
            self.engine,
            text,
            repeat=self.repeat if repeat is None else repeat,
            with_chime=self.with_chime if with_chime is None else with_chime,
        )

    def _next(self) -> tuple[list[Pending], int] | None:
        """What to say next (one call, or several merged) and how many wait behind it;
        None when closed."""
        with self._cond:
            while True:
                while not self._waiting and not self._closed:
                    if self._unsaid_drops:  # all that waited was stale: say so, once
                        return [], 0
                    self._cond.wait()
                if self._closed:
                    return None
                first = self._fresh()
                if first is None:
                    continue  # all were stale: say the backlog, or wait
                taken = [first]
                while first.short and self._waiting and len(taken) < self.merge:
                    if self.clock() - self._waiting[0].queued > self.max_age_s:
                        self._fresh()  # drops it
                    elif not self._waiting[0].short:
                        break  # cannot be merged: its own turn
                    else:
                        taken.append(self._waiting.popleft())
                return taken, len(self._waiting)

    def _fresh(self) -> Pending | None:
        """The first waiting call not yet too old; the stale ones are dropped (lock held)."""
        while self._waiting:
            item = self._waiting.popleft()
            if self.clock() - item.queued <= self.max_age_s:
                return item
            self.dropped += 1
            self._unsaid_drops += 1
        return None

    def _run(self) -> None:
        while (found := self._next()) is not None:
            items, behind = found
            if self._unsaid_drops:
                self._unsaid_drops = 0
                self._play([Pending(BACKLOG_VI, "", self.clock())], BACKLOG_VI, 1, False)
            if not items:
                continue
            if len(items) > 1:
                text = merged_calls([p.short for p in items])
                self._play(items, text, 1, False)
            else:
                busy = behind > 0
                self._play(
                    items, items[0].text, 1 if busy else self.repeat, self.with_chime and not busy
                )

    def _play(self, items: list[Pending], text: str, repeat: int, with_chime: bool) -> None:
        try:
            wav = self.compose(text, repeat, with_chime)
        except SpeechError as e:
            log.error("cannot speak: %s", e)
            return
        started = self.clock()
        for item in items:
            if item.key:
                self.on_start(item.key, started)
        try:
            self.sink.play(wav)
        except SpeechError as e:
            log.error("cannot play: %s", e)
        seconds = duration_s(wav)
        for item in items:
            self.played.append(Played(text, started, seconds, item.key, item.queued))

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout=1)
