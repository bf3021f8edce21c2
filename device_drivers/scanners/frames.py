"""Cut a byte stream from a serial scanner into text frames.

Frames end with CR, LF or CRLF. UTF-8 is decoded incrementally, so a Vietnamese letter
split across two reads survives. A frame that is not valid UTF-8, or that grows past the
limit without an end, is dropped with a log line (never its content: it may be an ID).
"""

from __future__ import annotations

import logging

log = logging.getLogger("xephang.scanner")


class FrameAssembler:
    def __init__(self, max_frame: int = 4096) -> None:
        self.max_frame = max_frame
        self._buf = bytearray()
        self._overflow = False

    def feed(self, chunk: bytes) -> list[str]:
        """Add bytes; return every complete frame they finish."""
        out: list[str] = []
        for byte in chunk:
            if byte in (0x0D, 0x0A):
                self._end_frame(out)
                continue
            if self._overflow:
                continue
            self._buf.append(byte)
            if len(self._buf) > self.max_frame:
                log.warning("scanner frame longer than %d bytes dropped", self.max_frame)
                self._buf.clear()
                self._overflow = True
        return out

    def _end_frame(self, out: list[str]) -> None:
        data = bytes(self._buf)
        self._buf.clear()
        if self._overflow:
            self._overflow = False
            return
        if not data:
            return  # the LF of a CRLF, or a blank line
        try:
            out.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            log.warning("scanner frame of %d bytes is not UTF-8; dropped", len(data))

    def drop_partial(self) -> bool:
        """Forget a frame that stopped arriving (unplugged mid-scan); True if one was there."""
        had = bool(self._buf) and not self._overflow
        if had:
            log.warning("partial scanner frame of %d bytes dropped after a pause", len(self._buf))
        self._buf.clear()
        self._overflow = False
        return had
