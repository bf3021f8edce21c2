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
