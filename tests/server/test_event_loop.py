"""Nothing the database does blocks the server's event loop. Another connection holds
SQLite's write lock (a backup, a stuck tool, a second program): health checks answer at
once ("busy"), reads and the snapshot are served, a write waits only briefly and gets
503 + Retry-After instead of a 15 s stall, and everything works again when the lock goes.
(bench/locked.py measures the /healthz latency through a 10 s lock.)"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from queue_server.screen.assets import version
from testkit.keys import key
from testkit.servers import ThreadServer

pytestmark = pytest.mark.slow


@pytest.fixture
def srv(tmp_path: Path) -> Iterator[ThreadServer]:
    s = ThreadServer(f"sqlite:///{tmp_path / 'x.db'}", tmp_path).start()
    yield s
    s.stop()


def _get(srv: ThreadServer, path: str, role: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {srv.tokens[role]}"} if role else {}
    return requests.get(srv.base + path, headers=headers, timeout=2)


def test_a_held_write_lock_blocks_no_one_for_long(srv: ThreadServer, tmp_path: Path) -> None:
    kiosk = {"Authorization": f"Bearer {srv.tokens['kiosk']}"}
    issue = {"service_id": "ho-tich", "idempotency_key": key()}
    assert requests.post(srv.base + "/api/v1/tickets", json=issue, headers=kiosk, timeout=5).ok
    other = sqlite3.connect(tmp_path / "x.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the write lock, held by someone else
    try:
        writes: list[requests.Response] = []
        waiting = threading.Thread(
            target=lambda: writes.append(
                requests.post(
                    srv.base + "/api/v1/tickets",
                    json={"service_id": "ho-tich", "idempotency_key": key()},
                    headers=kiosk,
                    timeout=10,
                )
            )
        )
        waiting.start()  # a write waiting for the lock in the writer thread …
        for _ in range(5):  # … while health, reads and the board are served
            health = _get(srv, "/healthz")
            assert health.status_code == 503 and health.json()["database"] == "busy"
            assert health.headers["Retry-After"]
            board = _get(srv, "/api/v1/queue", "display")
            assert board.status_code == 200 and board.json()["waiting"][0]["count"] == 1
        waiting.join(10)
        answer = writes[0]
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"]["code"] == "database_unavailable"
        assert answer.headers["Retry-After"]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _get(srv, "/healthz").json() == {"ok": True, "database": "up", "version": version()}
    again = requests.post(srv.base + "/api/v1/tickets", json=issue, headers=kiosk, timeout=5)
    assert again.status_code in (200, 201), again.text  # the same key: the first ticket
    assert _get(srv, "/api/v1/queue", "display").json()["waiting"][0]["count"] == 1


def test_sqlite_checkpoints_happen_beside_the_writer(tmp_path: Path) -> None:
    """No commit copies the WAL back (autocheckpoint is off, so none waits for that copy
    and its fsync); the checkpoint thread does, without stopping the writes."""
    import os

    from sqlalchemy import text

    from queue_server.storage.database import Database

    db = Database(f"sqlite:///{tmp_path / 'c.db'}", checkpoint_s=0.2)
    try:
        with db.write() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
            conn.execute(text("CREATE TABLE filler (x BLOB)"))
            for _ in range(5000):
                conn.execute(text("INSERT INTO filler VALUES (randomblob(400))"))
        assert os.path.getsize(tmp_path / "c.db") < 100_000  # all of it still in the WAL
        deadline = time.monotonic() + 10
        while os.path.getsize(tmp_path / "c.db") < 2_000_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert os.path.getsize(tmp_path / "c.db") >= 2_000_000
    finally:
        db.dispose()
