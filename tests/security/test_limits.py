"""Limits that keep the server alive: event streams per token, and a flood of half-sent
requests against a server that has only 1,024 file descriptors."""

from __future__ import annotations

import contextlib
import resource
import socket
import time
from pathlib import Path

import pytest
import requests

from testkit.servers import ServerProcess, TestServer


def test_streams_per_token_are_capped_with_a_clear_429(server: TestServer) -> None:
    opened = [server.events("/api/v1/events", "display") for _ in range(8)]
    try:
        assert all(s.status == 200 for s in opened)
        refused = [server.events("/api/v1/events", "display") for _ in range(2000 - 8)]
        statuses = {s.status for s in refused}
        for s in refused:
            s.close()
        assert statuses == {429}
        over = server.get("/api/v1/events", "display")  # the JSON answer says why
        assert over.status_code == 429 and over.json()["error"]["code"] == "too_many_streams"
        assert int(over.headers["retry-after"]) >= 1
        other = server.events("/api/v1/events", "kiosk")  # another device is not affected
        assert other.status == 200
        other.close()
    finally:
        for s in opened:
            s.close()
    time.sleep(0.3)
    again = server.events("/api/v1/events", "display")  # closed streams are counted out
    assert again.status == 200
    again.close()


def _limit_fds() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


@pytest.mark.slow
def test_1100_half_open_connections_do_not_lock_out_the_counters(tmp_path: Path) -> None:
    srv = ServerProcess(f"sqlite:///{tmp_path / 'f.db'}", tmp_path)
    srv.preexec = _limit_fds
    srv.start()
    sockets: list[socket.socket] = []
    try:
        for _ in range(1100):
            s = socket.socket()
            with contextlib.suppress(OSError):
                s.connect(("127.0.0.1", srv.port))
                s.sendall(b"GET /api/v1/queue HTTP/1.1\r\nHost: x\r\n")  # never finished
            sockets.append(s)
        started = time.monotonic()
        r = requests.get(srv.base + "/api/v1/queue", headers=srv.headers("display"), timeout=10)
        assert r.status_code == 200 and time.monotonic() - started < 5
        time.sleep(11)  # the request deadline closes what is still half-sent
        alive = 0
        for s in sockets:
            s.setblocking(False)
            try:
                alive += s.recv(1) != b""
            except BlockingIOError:
                alive += 1
            except OSError:
                pass
        assert alive == 0
        assert srv.proc is not None and srv.proc.poll() is None
    finally:
        for s in sockets:
            s.close()
        srv.stop()
