"""Bad input is a clear 4xx and never a 500: NUL characters (on PostgreSQL too), odd
Last-Event-IDs, non-ASCII digits; error messages echo nothing personal; a device ahead of
a restored database is told to resync instead of hearing nothing."""

from __future__ import annotations

import pytest

from queue_client.sse import read_events
from testkit.keys import key
from testkit.servers import TestServer

FULL_ID = "079137001234"


@pytest.mark.parametrize(
    ("method", "path", "role", "body"),
    [
        ("POST", "/api/v1/auth/login", None, {"username": "lan\u0000", "password": "x"}),
        ("POST", "/api/v1/auth/login", None, {"username": "lan", "password": "\u0000"}),
        ("POST", "/api/v1/tickets", "kiosk", {"service_id": "ho-tich\u0000"}),
        (
            "POST",
            "/api/v1/tickets",
            "kiosk",
            {"service_id": "ho-tich", "citizen": {"name": "Phạm Thị\u0000 Dung"}},
        ),
        (
            "POST",
            "/api/v1/ratings",
            "rating",
            {"ticket_id": "x", "level": "hai-long", "reasons": ["\u0000"]},
        ),
        ("POST", "/api/v1/devices/health", "kiosk", {"state": "ready", "detail": "\u0000"}),
        ("POST", "/api/v1/tickets/%00/cancel", "counter", {}),
        ("GET", "/t/%00", None, None),
        ("GET", "/api/v1/tickets/%00", "counter", None),
        ("GET", "/api/v1/tickets?number=%00", "counter", None),
        ("POST", "/api/v1/counters/%00/call-next", "counter", {}),
    ],
)
def test_nul_is_refused_clearly(
    server: TestServer, method: str, path: str, role: str | None, body: dict[str, object] | None
) -> None:
    if body is not None and "login" not in path:
        body = {**body, "idempotency_key": key()}
    r = server.request(method, path, role, json=body)
    assert r.status_code == 422, r.text
    assert " / " in r.json()["error"]["message"] and "Phạm" not in r.text


@pytest.mark.parametrize("value", ["٣", "²", "-1", "1e3", str(2**63), "9" * 30])
def test_odd_last_event_ids_are_refused(server: TestServer, value: str) -> None:
    stream = server.events("/api/v1/events", "display", **{"Last-Event-ID": value})
    assert stream.status == 422
    stream.close()


def test_a_device_ahead_of_the_log_is_told_to_resync(server: TestServer) -> None:
    server.post("/api/v1/tickets", "kiosk", {"service_id": "ho-tich", "idempotency_key": key()})
    stream = server.events("/api/v1/events", "display", **{"Last-Event-ID": "500"})
    first = next(ev for ev in read_events(stream.lines()) if ev is not None)
    stream.close()
    assert first.kind == "stream.resync" and first.seq == 1 and first.data == {"last_seq": 1}


def test_id_digits_are_ascii_and_never_echoed(server: TestServer) -> None:
    for bad in ("٠٧٩١٣٧٠٠١٢٣٤", "07913700123X", "0791370012345"):
        body = {"service_id": "ho-tich", "idempotency_key": key(), "citizen": {"id_number": bad}}
        r = server.post("/api/v1/tickets", "kiosk", body)
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_body"
        assert bad not in r.text and bad[:4] not in r.text
    body = {
        "service_id": "ho-tich",
        "idempotency_key": key(),
        "citizen": {"id_number": FULL_ID, "birth_year": 1800},
    }
    r = server.post("/api/v1/tickets", "kiosk", body)
    assert r.status_code == 422 and FULL_ID not in r.text
