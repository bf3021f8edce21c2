"""Announcements in order: a chime, the call, repeated; one at a time, never cut off.

A worker thread takes announcements from a queue, so a burst of calls is spoken one
after another; a recall is simply announced again.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from device_drivers.audio import (
    Sink,
    SpeechEngine,
    SpeechError,
    chime,
    duration_s,
    join,
    pcm_to_wav,
    silence,
)

log = logging.getLogger("xephang.announcer")


@dataclass(frozen=True)
class Played:
    text: str
    started: float
    seconds: float


_CHIME = chime()


def compose(engine: SpeechEngine, text: str, *, repeat: int = 2, with_chime: bool = True) -> bytes:
    """The whole announcement as one WAV: chime, then the call `repeat` times."""
    speech = engine.pcm(text)
    parts = ([_CHIME] if with_chime else []) + [speech] * repeat
    return pcm_to_wav(join(parts, 0.5) + silence(0.3))


class Announcer:
    def __init__(
        self,
        engine: SpeechEngine,
        sink: Sink,
        *,
        repeat: int = 2,
        with_chime: bool = True,
        on_start: Callable[[str, float], None] = lambda text, at: None,
    ) -> None:
        self.engine = engine
        self.sink = sink
        self.repeat = repeat
        self.with_chime = with_chime
        self.on_start = on_start
        self.played: list[Played] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def say(self, text: str) -> None:
        self._queue.put(text)

    def compose(self, text: str) -> bytes:
        return compose(self.engine, text, repeat=self.repeat, with_chime=self.with_chime)

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            if text is None:
                return
            try:
                wav = self.compose(text)
            except SpeechError as e:
                log.error("cannot speak: %s", e)
                continue
            started = time.monotonic()
            self.on_start(text, started)
            try:
                self.sink.play(wav)
            except SpeechError as e:
                log.error("cannot play: %s", e)
            self.played.append(Played(text, started, duration_s(wav)))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=1)
