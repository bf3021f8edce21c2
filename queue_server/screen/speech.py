"""Announcements rendered on the server for browser displays, offline, with the engines
the Qt display uses (espeak-ng or recorded clips): the TV browser only plays a WAV."""

from __future__ import annotations

import threading
from collections import OrderedDict

from device_drivers.audio import SpeechEngine, compose, make_engine
from queue_core.speech import BACKLOG_SENTENCE, NumberStyle, call_sentence

CACHED = 64
"""Announcements kept: a call is fetched by every TV of the centre within seconds."""


class Announcements:
    """One engine per server process; renders are cached and serialised (espeak-ng is a
    subprocess per sentence: a burst of calls must not start dozens at once)."""

    def __init__(self, engine: str, clips_dir: str, style: NumberStyle = "words") -> None:
        self.engine_name = engine
        self.clips_dir = clips_dir
        self.style: NumberStyle = style
        self._engine: SpeechEngine | None = None
        self._cache: OrderedDict[tuple[str, bool], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.rendered = 0
        """How many WAVs were made (not served from the cache)."""

    def call(self, number: str, counter_number: int, busy: bool) -> bytes:
        """Chime and the call twice; when others wait (`busy`), the call once, no chime
        — as the Qt display's announcer does."""
        return self._wav(call_sentence(number, counter_number, self.style), busy)

    def backlog(self) -> bytes:
        return self._wav(BACKLOG_SENTENCE, True)

    def _wav(self, text: str, busy: bool) -> bytes:
        key = (text, busy)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            if self._engine is None:
                self._engine = make_engine(self.engine_name, self.clips_dir)
            wav = compose(self._engine, text, repeat=1 if busy else 2, with_chime=not busy)
            self.rendered += 1
            self._cache[key] = wav
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
            return wav
