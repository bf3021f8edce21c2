"""The HTTP contract against the real server (in-process ASGI), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from testkit.keys import key
from testkit.servers import Answer, TestServer


def issue(srv: TestServer, service: str = "ho-tich", **extra: Any) -> dict[str, Any]:
    r = srv.post(
        "/api/v1/tickets", "kiosk", {"service_id": service, "idempotency_key": key(), **extra}
    )
    assert r.status_code == 201, r.text
    got: dict[str, Any] = r.json()
    return got


def call(srv: TestServer, counter: str = "01", role: str = "counter", **extra: Any) -> Answer:
    return srv.post(
        f"/api/v1/counters/{counter}/call-next", role, {"idempotency_key": key(), **extra}
    )


def act(srv: TestServer, ticket_id: str, action: str, **extra: Any) -> Answer:
    return srv.post(
        f"/api/v1/tickets/{ticket_id}/{action}", "counter", {"idempotency_key": key(), **extra}
    )


def test_issue_numbers_and_estimate(server: TestServer) -> None:
    a = issue(server)
    b = issue(server)
    c = issue(server, "chung-thuc")
    assert (a["number"], b["number"], c["number"]) == ("1001", "1002", "2001")
    assert a["waiting_ahead"] == 0 and b["waiting_ahead"] == 1
    # Hộ tịch: 8 min default, served by counters 01, 02 and 05 → 1 × 480 s ÷ 3.
    assert b["estimated_wait_s"] == 160
    assert b["status_url"].startswith("http://127.0.0.1:8000/t/")
    got = server.get(f"/api/v1/tickets/{b['id']}", "display").json()
    assert got["number"] == "1002" and got["status"] == "waiting" and got["waiting_ahead"] == 1


def test_full_lifecycle_and_events_in_queue(server: TestServer) -> None:
    t = issue(server)
    r = call(server)
    assert r.status_code == 200 and r.json()["id"] == t["id"] and r.json()["status"] == "called"
    assert act(server, t["id"], "recall").json()["recall_count"] == 1
    assert act(server, t["id"], "start").json()["status"] == "serving"
    done = act(server, t["id"], "finish").json()
    assert done["status"] == "done" and done["finished_at"]
    snap = server.get("/api/v1/queue", "display").json()
    assert snap["counters"][0]["current"] is None
    assert [c["number"] for c in snap["recent_calls"]] == ["1001", "1001"]
    assert call(server).status_code == 204


def test_priority_first_with_interleave(server: TestServer) -> None:
    normal = issue(server)
    prio = [issue(server, priority="nguoi-cao-tuoi") for _ in range(3)]
    order = []
    for _ in range(4):
        r = call(server)
        assert r.status_code == 200
        order.append(r.json()["id"])
        act(server, r.json()["id"], "finish")
    # At most 2 priority calls in a row while a normal ticket waits.
    assert order == [prio[0]["id"], prio[1]["id"], normal["id"], prio[2]["id"]]


def test_call_next_closes_previous_and_no_show_recall_window(server: TestServer) -> None:
    a, b = issue(server), issue(server)
    assert call(server).json()["id"] == a["id"]
    assert call(server).json()["id"] == b["id"]
    assert server.get(f"/api/v1/tickets/{a['id']}", "counter").json()["status"] == "no_show"
    busy = act(server, a["id"], "recall")
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "counter_busy"
    act(server, b["id"], "finish")
    back = act(server, a["id"], "recall")
    assert back.status_code == 200 and back.json()["status"] == "called"
    assert back.json()["counter_id"] == "01"


def test_transfer_keeps_issue_time_and_targets_counter(server: TestServer) -> None:
    first = issue(server)
    later = issue(server, "dat-dai")
    assert call(server).json()["id"] == first["id"]
    moved = act(server, first["id"], "transfer", counter_id="04").json()
    assert moved["status"] == "waiting" and moved["target_counter_id"] == "04"
    assert moved["issued_at"] == first["issued_at"] and moved["transfer_count"] == 1
    # Counter 04 serves Đất đai too, but the transferred ticket is older.
    assert call(server, "04").json()["id"] == first["id"]
    assert call(server, "04").json()["id"] == later["id"]
    by_service = act(server, later["id"], "transfer", service_id="chung-thuc").json()
    assert by_service["service_id"] == "chung-thuc" and by_service["target_counter_id"] is None
    bad = act(server, later["id"], "transfer", service_id="ho-tich", counter_id="01")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "transfer_target"


def test_pause_resume(server: TestServer) -> None:
    issue(server)
    assert (
        server.post("/api/v1/counters/01/pause", "counter", {"idempotency_key": key()}).status_code
        == 200
    )
    r = call(server)
    assert r.status_code == 409 and r.json()["error"]["code"] == "counter_paused"
    assert "tạm dừng" in r.json()["error"]["message"]
    snap = server.get("/api/v1/queue", "display").json()
    assert snap["counters"][0]["paused"] is True
    # With counter 01 paused, Hộ tịch has two open counters left.
    assert issue(server)["estimated_wait_s"] == 240
    server.post("/api/v1/counters/01/resume", "counter", {"idempotency_key": key()})
    assert call(server).status_code == 200


def test_idempotency_returns_first_answer(server: TestServer) -> None:
    body = {"service_id": "ho-tich", "idempotency_key": "same-key-001"}
    first = server.post("/api/v1/tickets", "kiosk", body)
    again = server.post("/api/v1/tickets", "kiosk", body)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    other = server.post("/api/v1/tickets", "kiosk", {**body, "service_id": "chung-thuc"})
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    k = key()
    c1 = server.post("/api/v1/counters/01/call-next", "counter", {"idempotency_key": k})
    c2 = server.post("/api/v1/counters/01/call-next", "counter", {"idempotency_key": k})
    assert c1.json() == c2.json()
    assert server.get("/api/v1/queue", "display").json()["last_seq"] == 2


def test_roles_are_enforced(server: TestServer) -> None:
    t = issue(server)
    for role, path, body in [
        ("kiosk", "/api/v1/counters/01/call-next", {"idempotency_key": key()}),
        ("display", "/api/v1/tickets", {"service_id": "ho-tich", "idempotency_key": key()}),
        ("display", f"/api/v1/tickets/{t['id']}/cancel", {"idempotency_key": key()}),
        ("rating", "/api/v1/counters/01/pause", {"idempotency_key": key()}),
        ("counter-01", "/api/v1/counters/02/call-next", {"idempotency_key": key()}),
    ]:
        r = server.post(path, role, body)
        assert r.status_code == 403, (role, path, r.text)
        assert set(r.json()["error"]) == {"code", "message"}
    assert server.get("/api/v1/reports/summary", "display").status_code == 403
    assert server.get("/api/v1/reports/summary", "manager").status_code == 200
    no_token = server.get("/api/v1/queue")
    assert no_token.status_code == 401 and no_token.json()["error"]["code"] == "missing_token"
    bad = server.get("/api/v1/queue", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "bad_token"
    # A kiosk sees no citizen data; a counter does, masked.
    t2 = issue(server, citizen={"name": "Lê Văn Cường", "id_number": "001099012345"})
    assert "citizen" not in server.get(f"/api/v1/tickets/{t2['id']}", "kiosk").json()
    seen = server.get(f"/api/v1/tickets/{t2['id']}", "counter").json()["citizen"]
    assert seen == {"name": "Lê Văn Cường", "id_masked": "0010******45", "birth_year": None}


def test_staff_login(server: TestServer) -> None:
    bad = server.post(
        "/api/v1/auth/login", None, {"username": server.staff_username, "password": "wrong"}
    )
    assert bad.status_code == 401 and "mật khẩu" in bad.json()["error"]["message"]
    ok = server.post(
        "/api/v1/auth/login", None, {"username": server.staff_username, "password": "mat-khau-123"}
    )
    assert ok.status_code == 200 and ok.json()["role"] == "counter"
    server.tokens["officer"] = ok.json()["token"]
    issue(server)
    called = call(server, role="officer")
    assert called.status_code == 200
    report = server.get("/api/v1/reports/summary", "manager").json()
    assert report["by_officer"][0]["name"] == "Trần Thị Bình"


def test_bad_input_is_a_clear_4xx(server: TestServer) -> None:
    cases = [
        ({"service_id": "khong-co", "idempotency_key": key()}, 404, "unknown_service"),
        ({"service_id": "ho-tich"}, 422, "invalid_body"),
        ({"service_id": "ho-tich", "idempotency_key": key(), "extra": 1}, 422, "invalid_body"),
        ({"service_id": 5, "idempotency_key": key()}, 422, "invalid_body"),
        (
            {"service_id": "ho-tich", "idempotency_key": key(), "priority": "vip"},
            422,
            "unknown_priority_group",
        ),
        (
            {"service_id": "ho-tich", "idempotency_key": key(), "procedure_id": "x"},
            404,
            "unknown_procedure",
        ),
        (
            {"service_id": "ho-tich", "idempotency_key": key(), "citizen": {"id_number": "123"}},
            422,
            "invalid_body",
        ),
    ]
    for body, status, code in cases:
        r = server.post("/api/v1/tickets", "kiosk", body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["error"]["code"] == code
        assert " / " in r.json()["error"]["message"]
    raw = server.post(
        "/api/v1/tickets", "kiosk", data=b"{not json", headers={"content-type": "application/json"}
    )
    assert raw.status_code == 422 and raw.json()["error"]["code"] == "malformed_json"
    huge = server.post(
        "/api/v1/tickets",
        "kiosk",
        data=b"x" * 200_000,
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "body_too_large"
    t = issue(server)
    wrong = act(server, t["id"], "finish")
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "invalid_transition"
    assert "1001" in wrong.json()["error"]["message"]
    assert act(server, "0" * 32, "start").status_code == 404
    assert server.get("/api/v1/nothing-here", "display").status_code == 404


def test_ratings_one_per_ticket(server: TestServer) -> None:
    t = issue(server)
    early = server.post(
        "/api/v1/ratings",
        "rating",
        {"ticket_id": t["id"], "level": "hai-long", "idempotency_key": key()},
    )
    assert early.status_code == 409 and early.json()["error"]["code"] == "ticket_not_finished"
    call(server)
    act(server, t["id"], "finish")
    k = key()
    body = {"ticket_id": t["id"], "level": "rat-hai-long", "reasons": [], "idempotency_key": k}
    first = server.post("/api/v1/ratings", "rating", body)
    retry = server.post("/api/v1/ratings", "rating", body)
    assert first.status_code == retry.status_code == 201 and first.json() == retry.json()
    second = server.post("/api/v1/ratings", "rating", {**body, "idempotency_key": key()})
    assert second.status_code == 409 and second.json()["error"]["code"] == "already_rated"
    bad = server.post(
        "/api/v1/ratings", "rating", {**body, "level": "tuyet-voi", "idempotency_key": key()}
    )
    assert bad.status_code == 422
    summary = server.get("/api/v1/reports/summary", "manager").json()
    assert summary["totals"]["ratings"] == 1 and summary["totals"]["satisfaction_rate"] == 1.0


def test_public_page_shows_no_personal_data(server: TestServer) -> None:
    t = issue(server, citizen={"name": "Phạm Thị Dung", "id_number": "079185001234"})
    token = t["status_url"].rsplit("/", 1)[1]
    page = server.get(f"/t/{token}")
    assert page.status_code == 200 and "1001" in page.text and "Đang chờ" in page.text
    for secret in ("Phạm Thị Dung", "079185001234", "0791", t["id"]):
        assert secret not in page.text
    data = server.get(f"/t/{token}", headers={"Accept": "application/json"}).json()
    assert data["number"] == "1001" and "citizen" not in data and "id" not in data
    assert server.get("/t/guess").status_code == 404


def test_centre_and_openapi(server: TestServer) -> None:
    centre = server.get("/api/v1/centre", "kiosk").json()
    assert centre["centre"]["id"] == "hoang-mai"
    assert {s["name"] for s in centre["services"]} >= {"Hộ tịch", "Đất đai", "Trả kết quả"}
    spec = server.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in [
        "/healthz",
        "/api/v1/auth/login",
        "/api/v1/centre",
        "/api/v1/tickets",
        "/api/v1/tickets/{ticket_id}",
        "/api/v1/queue",
        "/api/v1/counters/{counter_id}/call-next",
        "/api/v1/tickets/{ticket_id}/recall",
        "/api/v1/tickets/{ticket_id}/no-show",
        "/api/v1/tickets/{ticket_id}/start",
        "/api/v1/tickets/{ticket_id}/finish",
        "/api/v1/tickets/{ticket_id}/transfer",
        "/api/v1/tickets/{ticket_id}/cancel",
        "/api/v1/counters/{counter_id}/pause",
        "/api/v1/counters/{counter_id}/resume",
        "/api/v1/ratings",
        "/api/v1/events",
        "/api/v1/reports/summary",
        "/t/{token}",
    ]:
        assert path in paths, path


def test_offline_tickets_sync_once_and_never_collide(server: TestServer) -> None:
    from datetime import datetime, timedelta

    from queue_core.clock import VIETNAM

    online = issue(server)
    when = (datetime.now(VIETNAM) - timedelta(minutes=10)).isoformat()
    body: dict[str, Any] = {
        "service_id": "ho-tich",
        "idempotency_key": key(),
        "offline": {"kiosk_code": "K1", "seq_no": 1, "issued_at": when},
    }
    first = server.post("/api/v1/tickets", "kiosk", body)
    again = server.post("/api/v1/tickets", "kiosk", body)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    t = first.json()
    assert t["number"] == "K1-001" and t["issued_offline"] is True
    # Issued ten minutes ago, it keeps its place ahead of the ticket issued online since.
    assert t["waiting_ahead"] == 0
    assert server.get(f"/api/v1/tickets/{online['id']}", "kiosk").json()["waiting_ahead"] == 1
    clash = server.post("/api/v1/tickets", "kiosk", {**body, "idempotency_key": key()})
    assert clash.status_code == 409 and clash.json()["error"]["code"] == "offline_number_taken"
    old = {
        **body,
        "idempotency_key": key(),
        "offline": {**body["offline"], "seq_no": 2, "issued_at": "2020-01-01T08:00:00+07:00"},
    }
    assert server.post("/api/v1/tickets", "kiosk", old).json()["error"]["code"] == "offline_time"
    assert call(server).json()["number"] == "K1-001"


def test_device_health_is_recorded_and_broadcast(server: TestServer) -> None:
    r = server.post(
        "/api/v1/devices/health", "kiosk", {"state": "paper_out", "idempotency_key": key()}
    )
    assert r.status_code == 200 and r.json()["state"] == "paper_out" and r.json()["kind"] == "kiosk"
    from tests.server.test_events import collect

    ev = collect(server, 1, after=0)[0]
    assert ev.kind == "device.health" and ev.data["state"] == "paper_out"
    bad = server.post(
        "/api/v1/devices/health", "kiosk", {"state": "on-fire", "idempotency_key": key()}
    )
    assert bad.status_code == 422
