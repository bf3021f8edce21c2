"""Two server processes' worth of apps over one PostgreSQL: an event committed through
one reaches a stream held on the other by LISTEN/NOTIFY, with the other's poll set to
two minutes (and its keep-alives and token re-checks too) so nothing else could have
carried it within the wait."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from testkit.keys import key
from testkit.postgres import PostgresServer
from testkit.servers import ThreadServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_an_event_made_on_one_server_wakes_a_stream_on_another(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.new_database()
    a = ThreadServer(url, tmp_path).start()
    b = ThreadServer(url, tmp_path)
    slow = {"poll_s": 120.0, "fallback_poll_s": 120.0, "recheck_s": 120.0, "keepalive_s": 120.0}
    b.overrides = slow  # nothing but NOTIFY could wake its streams within the wait
    b.start()
    try:
        stream = b.events("/api/v1/events", "display")
        assert stream.status == 200
        seen: list[str] = []
        got = threading.Event()

        def read() -> None:
            for line in stream.lines():
                seen.append(line)
                if line == "event: ticket.issued":
                    got.set()
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert b.get("/healthz").status_code == 200
        threading.Event().wait(1.0)  # the listener connects in its own thread at start
        r = a.post("/api/v1/tickets", "kiosk", {"service_id": "ho-tich", "idempotency_key": key()})
        assert r.status_code == 201
        assert got.wait(10), seen
        stream.close()
    finally:
        b.stop()
        a.stop()


def test_a_multi_host_url_reaches_the_primary_for_the_pool_and_the_listener(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    """deploy/README.md points every server at the primary and its replica in one URL
    (libpq tries them in turn, target_session_attrs=read-write keeps the writable one).
    Here the first host is down: the pool and the LISTEN connection both end up on the
    second, and a NOTIFY made there wakes the listener."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from queue_server.events.pg_listen import PgListener
    from queue_server.storage.database import Database
    from testkit.postgres import free_port

    u = make_url(postgres.new_database())
    url = (
        f"postgresql+psycopg://{u.username}@/{u.database}?host=127.0.0.1:{free_port()}"
        f"&host={u.host}:{u.port}&target_session_attrs=read-write"
    )
    db = Database(url)
    db.ensure_schema()
    woken = threading.Event()
    listener = PgListener(url, lambda centre, seq: woken.set() if centre == "c1" else None)
    listener.start()
    try:
        assert listener.connected.wait(20)
        with db.write() as conn:
            assert conn.execute(text("SELECT inet_server_port()")).scalar() == u.port
            conn.execute(text("SELECT pg_notify('xephang_events', 'c1 7')"))
        assert woken.wait(10)
    finally:
        listener.stop()
        db.dispose()
