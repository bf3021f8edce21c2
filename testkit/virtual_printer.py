"""A virtual ESC/POS printer on the far end of a pty or a TCP socket (in the spirit of
OctoPrint's virtual printer): it keeps every byte it receives, and answers real-time
status requests (DLE EOT n) according to a state the test sets."""

from __future__ import annotations

import os
import socket
import threading

from device_drivers.printers.status import encode
from queue_core.device_errors import DeviceState


class VirtualPrinter:
    def __init__(self) -> None:
        self.received = bytearray()
        self.state = DeviceState.READY
        self.queries = 0
        self._pending = bytearray()
        self._data = bytearray()
        self._skip = 0
        self.lock = threading.Lock()

    def feed(self, chunk: bytes) -> bytes:
        """Take bytes from the host; return what the printer answers."""
        answers = bytearray()
        with self.lock:
            self.received += chunk
            self._pending += chunk
            while self._pending:
                buf = self._pending
                if self._skip:  # inside image or QR data: never a command
                    n = min(self._skip, len(buf))
                    self._take(n)
                    self._skip -= n
                elif buf.startswith(b"\x1dv0"):
                    if len(buf) < 8:
                        break
                    self._skip = int.from_bytes(buf[4:6], "little") * int.from_bytes(
                        buf[6:8], "little"
                    )
                    self._take(8)
                elif buf.startswith(b"\x1d(k"):
                    if len(buf) < 5:
                        break
                    self._skip = int.from_bytes(buf[3:5], "little")
                    self._take(5)
                elif buf.startswith(b"\x10\x04"):
                    if len(buf) < 3:
                        break
                    self.queries += 1
                    if self.state is not DeviceState.OFFLINE:
                        answers.append(encode(self.state)[buf[2]])
                    del buf[:3]
                elif bytes(buf[:1]) in (b"\x1d", b"\x10") and len(buf) < 3:
                    break  # wait for the rest of a command that could be one of the above
                else:
                    self._take(1)
        return bytes(answers)

    def _take(self, n: int) -> None:
        self._data += self._pending[:n]
        del self._pending[:n]

    def payload(self) -> bytes:
        """What was printed: everything received but the status requests."""
        with self.lock:
            return bytes(self._data)

    # -- hosts ------------------------------------------------------------------------
    def serve_pty(self, master: int, baud: int = 0) -> threading.Thread:
        """Serve a pty; with `baud`, take bytes no faster than a serial line of that speed
        (10 bits a byte), so the host's writes block as they would on a real port."""
        import time

        def run() -> None:
            while True:
                try:
                    chunk = os.read(master, 1024 if baud else 65536)
                    if baud:
                        time.sleep(len(chunk) * 10 / baud)
                except OSError:
                    return
                if not chunk:
                    return
                answer = self.feed(chunk)
                if answer:
                    os.write(master, answer)

        t = threading.Thread(target=run, daemon=True)
        t.start()
        return t

    def serve_tcp(self) -> tuple[str, int]:
        server = socket.create_server(("127.0.0.1", 0))

        def run() -> None:
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                with conn:
                    while chunk := conn.recv(65536):
                        answer = self.feed(chunk)
                        if answer:
                            conn.sendall(answer)

        threading.Thread(target=run, daemon=True).start()
        host, port = server.getsockname()[:2]
        return host, port
