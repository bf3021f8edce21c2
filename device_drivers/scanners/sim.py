"""The simulated scanner: fed in-process, from a file, or over a loopback TCP socket.

Faults can be injected: a garbled scan, or an unplugged scanner. Bytes from the socket go
through the same FrameAssembler as a serial scanner, so tests exercise the real path.
"""

from __future__ import annotations

import collections
import socket
import threading
import time
from pathlib import Path

from queue_core.device_errors import DeviceOffline

from .frames import FrameAssembler


class SimScanner:
    """`sim:` (fed in-process), `sim:///path/payloads.txt`, `sim://127.0.0.1:9101`."""

    def __init__(self, file: str | None = None, listen: tuple[str, int] | None = None) -> None:
        self._queue: collections.deque[str] = collections.deque()
        self._cond = threading.Condition()
        self._unplugged = False
        self._server: socket.socket | None = None
        if file:
            for line in Path(file).read_text(encoding="utf-8").splitlines():
                if line.strip():
                    self._queue.append(line)
        if listen:
            self._server = socket.create_server(listen)
            self.address = self._server.getsockname()
            threading.Thread(target=self._accept, daemon=True).start()

    # -- fault injection and feeding -------------------------------------------------
    def feed(self, payload: str) -> None:
        with self._cond:
            self._queue.append(payload)
            self._cond.notify_all()

    def feed_garbled(self, payload: str) -> None:
        """A misread: a chunk of the payload replaced by noise, as a smudged code gives."""
        middle = len(payload) // 2
        self.feed(payload[:middle] + "\ufffd#@!" + payload[middle + 4 :])

    def unplug(self) -> None:
        with self._cond:
            self._unplugged = True
            self._cond.notify_all()

    def plug_in(self) -> None:
        with self._cond:
            self._unplugged = False

    # -- CodeScanner ---------------------------------------------------------------------
    def read(self, timeout_s: float) -> str | None:
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while True:
                if self._unplugged:
                    raise DeviceOffline("Máy quét bị ngắt kết nối", "scanner unplugged (simulated)")
                if self._queue:
                    return self._queue.popleft()
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()

    def _accept(self) -> None:
        assert self._server is not None
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        frames = FrameAssembler()
        with conn:
            while chunk := conn.recv(4096):
                for payload in frames.feed(chunk):
                    self.feed(payload)
