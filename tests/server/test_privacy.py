"""A full ID number reaches the server only if a kiosk sends it; it is masked on arrival
and never appears in the log, an event, a queue snapshot or the public page."""

from __future__ import annotations

from pathlib import Path

import requests

from testkit.keys import key
from testkit.servers import ServerProcess
from tests.server.test_events import collect

FULL_ID = "079185001234"


def test_full_id_appears_nowhere(tmp_path: Path) -> None:
    srv = ServerProcess(f"sqlite:///{tmp_path / 'p.db'}", tmp_path).start(["--access-log"])
    try:
        r = srv.post(
            "/api/v1/tickets",
            "kiosk",
            {
                "service_id": "ho-tich",
                "idempotency_key": key(),
                "priority": "nguoi-cao-tuoi",
                "citizen": {"name": "Phạm Thị Dung", "id_number": FULL_ID, "birth_year": 1955},
            },
        )
        assert r.status_code == 201 and FULL_ID not in r.text
        called = srv.post("/api/v1/counters/01/call-next", "counter", {"idempotency_key": key()})
        assert called.json()["citizen"]["id_masked"] == "0791******34"
        seen = [
            r.text,
            called.text,
            srv.get("/api/v1/queue", "display").text,
            srv.get(f"/api/v1/tickets/{r.json()['id']}", "counter").text,
            requests.get(
                r.json()["status_url"].replace("http://127.0.0.1:8000", srv.base), timeout=5
            ).text,
            str([e.data for e in collect(srv, 2, after=0)]),
        ]
        assert all(FULL_ID not in text for text in seen)
        assert "Phạm Thị Dung" not in seen[2] + seen[4] + seen[5]  # display, public page, events
    finally:
        srv.stop()
    db_bytes = (tmp_path / "p.db").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.glob("p.db-*")
    )
    assert FULL_ID.encode() not in db_bytes
    assert FULL_ID not in srv.log_path.read_text()
