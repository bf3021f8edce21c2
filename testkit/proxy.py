"""A loopback TCP proxy the tests can cut, to play a network outage between a device and
the server (the server itself keeps running). Given several servers it balances like
the HAProxy of deploy/: each new connection goes to the next server in turn, and to the
one after when that one refuses (a dead server's connections simply end)."""

from __future__ import annotations

import contextlib
import socket
import threading


class CuttableProxy:
    def __init__(self, *target_ports: int) -> None:
        self.targets = [("127.0.0.1", p) for p in target_ports]
        self._turn = 0
        self.served: dict[int, int] = dict.fromkeys(target_ports, 0)
        """Connections handed to each server port."""
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._up = threading.Event()
        self._up.set()
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        """Drop every open connection and refuse new ones."""
        self._up.clear()
        with self._lock:
            for c in self._conns:
                with contextlib.suppress(OSError):
                    c.shutdown(socket.SHUT_RDWR)
                c.close()
            self._conns.clear()

    def restore(self) -> None:
        self._up.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()
                continue
            upstream = self._connect()
            if upstream is None:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _connect(self) -> socket.socket | None:
        """The next server in turn that accepts."""
        for _ in self.targets:
            target = self.targets[self._turn % len(self.targets)]
            self._turn += 1
            try:
                upstream = socket.create_connection(target, timeout=2)
            except OSError:
                continue
            upstream.settimeout(None)
            self.served[target[1]] += 1
            return upstream
        return None

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            # shutdown, not only close: the other pipe thread is blocked in recv() on one
            # of these sockets, and a bare close() would neither wake it nor send the FIN.
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    s.close()
