"""Keyboard-wedge scanners type the payload as keystrokes. The assembler tells a scan
from a person typing (a scanner types a character every few milliseconds, a quick
typist every 60 ms or more) and ends a payload at Enter or at a pause."""

from __future__ import annotations


class WedgeAssembler:
    def __init__(
        self, pause_s: float = 0.25, max_gap_s: float = 0.035, min_length: int = 8
    ) -> None:
        self.pause_s = pause_s
        self.max_gap_s = max_gap_s
        self.min_length = min_length
        self._chars: list[str] = []
        self._first = 0.0
        self._last = 0.0

    def pending(self) -> bool:
        """A burst has begun and not ended yet."""
        return bool(self._chars)

    def key(self, text: str, at: float, enter: bool = False) -> str | None:
        """One key event (its text, its time); returns a payload when one is complete."""
        done = self.poll(at) if self._chars and at - self._last > self.pause_s else None
        if enter:
            return done or (self._finish() if self._chars else None)
        if text:
            if not self._chars:
                self._first = at
            self._chars.append(text)
            self._last = at
        return done

    def poll(self, now: float) -> str | None:
        """Call from a timer: a pause after fast typing ends the payload."""
        if self._chars and now - self._last > self.pause_s:
            return self._finish()
        return None

    def _finish(self) -> str | None:
        text = "".join(self._chars)
        gaps = (self._last - self._first) / max(1, len(self._chars) - 1)
        self._chars.clear()
        if len(text) < self.min_length or gaps > self.max_gap_s:
            return None  # a person typing, or noise
        return text
