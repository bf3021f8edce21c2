"""Nobody acting beyond their role or their counter: a generated role × route matrix over
every route of the OpenAPI document (a new route fails here until it has its rule), and
a counter bound to 01 that cannot touch what is not 01's."""

from __future__ import annotations

from typing import Any

import pytest

from queue_server.auth import PERMISSIONS, Permission, Role
from testkit.keys import key
from testkit.servers import TestServer

R, ISS, C, RATE, REP, MAN = (
    Permission.READ,
    Permission.ISSUE,
    Permission.COUNTER,
    Permission.RATE,
    Permission.REPORT,
    Permission.MANAGE,
)
TICKET = "/api/v1/tickets/{ticket_id}"
RULES: dict[tuple[str, str], Permission | None] = {
    ("GET", "/healthz"): None,
    ("POST", "/api/v1/auth/login"): None,
    ("POST", "/api/v1/auth/logout"): R,
    ("GET", "/api/v1/centre"): R,
    ("GET", "/api/v1/centres/{centre_id}/logo.png"): None,
    ("GET", "/api/v1/queue"): R,
    ("POST", "/api/v1/tickets"): ISS,
    ("GET", "/api/v1/tickets"): R,
    ("GET", TICKET): R,
    ("POST", "/api/v1/counters/{counter_id}/call-next"): C,
    ("POST", "/api/v1/counters/{counter_id}/pause"): C,
    ("POST", "/api/v1/counters/{counter_id}/resume"): C,
    **{
        ("POST", f"{TICKET}/{a}"): C
        for a in ("recall", "no-show", "start", "finish", "transfer", "cancel")
    },
    ("POST", "/api/v1/ratings"): RATE,
    ("POST", "/api/v1/devices/health"): R,
    ("POST", "/api/v1/devices/help"): R,
    ("GET", "/api/v1/events"): R,
    ("GET", "/api/v1/reports/summary"): REP,
    ("GET", "/api/v1/reports/calls"): REP,
    ("GET", "/api/v1/audit"): REP,
    ("GET", "/t/{token}"): None,
    ("GET", "/screen/{label}"): None,
    ("GET", "/api/v1/screen/frame"): R,
    ("GET", "/api/v1/screen/board"): R,
    ("GET", "/api/v1/screen/calls/{seq}.wav"): R,
    ("GET", "/api/v1/screen/backlog.wav"): R,
    ("GET", "/screen/pair"): None,
    ("POST", "/api/v1/screen/pairings"): None,
    ("GET", "/api/v1/screen/pairings/{code}"): None,
    ("POST", "/api/v1/screen/pairings/{code}/accept"): MAN,
}
"""Each route's permission; None: public."""
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/tickets": {"service_id": "ho-tich"},
    "/api/v1/ratings": {"ticket_id": "0" * 32, "level": "hai-long"},
    "/api/v1/devices/health": {"state": "ready"},
    "/api/v1/devices/help": {},
    "/api/v1/screen/pairings": {"token": "xhd_" + "a" * 43},
    "/api/v1/screen/pairings/{code}/accept": {"label": "tv-9"},
    "/api/v1/auth/login": {"username": "nobody", "password": "x"},
    f"{TICKET}/transfer": {"service_id": "ho-tich"},
}


NO_KEY = ("/api/v1/screen/pairings", "/api/v1/screen/pairings/{code}/accept")
"""Bodies without an idempotency key (a pairing is idempotent by its code and token)."""

GATE = {"missing_token", "bad_token", "forbidden"}
"""The codes of the role check itself (a wrong password at login is not one)."""


def code_of(answer: Any) -> str:
    try:
        return str(answer.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return ""


def call(srv: TestServer, method: str, path: str, role: str | None) -> tuple[int, str]:
    url = path.replace("{ticket_id}", "0" * 32).replace("{counter_id}", "01")
    url = url.replace("{token}", "unknown").replace("{centre_id}", "hoang-mai")
    url = url.replace("{label}", "tv-1").replace("{seq}", "1").replace("{code}", "000000")
    if path == "/api/v1/events":
        stream = srv.events(url, role) if role else srv.events(url, "display", Authorization="")
        status = stream.status
        stream.close()
        return status, "" if status == 200 else ("forbidden" if status == 403 else "missing_token")
    if path == "/api/v1/tickets" and method == "GET":
        url += "?number=1001"
    body = None
    if method == "POST":
        body = {**BODIES.get(path, {})}
        if path not in ("/api/v1/auth/login", *NO_KEY):
            body["idempotency_key"] = key()
    answer = srv.request(method, url, role, json=body)
    return answer.status_code, code_of(answer)


def test_every_route_has_a_rule_and_every_role_keeps_to_it(server: TestServer) -> None:
    doc = server.get("/openapi.json").json()
    routes = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
    assert routes == set(RULES), f"routes without a rule: {routes - set(RULES)}"
    for method, path in sorted(routes):
        needed = RULES[(method, path)]
        if needed is None:
            assert call(server, method, path, None)[1] not in GATE, (method, path)
            continue
        assert call(server, method, path, None)[0] == 401, (method, path)
        for role in Role:
            status, code = call(server, method, path, role.value)
            if needed in PERMISSIONS[role]:
                assert code not in GATE, (role, method, path, status, code)
            else:
                assert (status, code) == (403, "forbidden"), (role, method, path, status, code)


def issue(srv: TestServer, service: str) -> str:
    r = srv.post("/api/v1/tickets", "kiosk", {"service_id": service, "idempotency_key": key()})
    assert r.status_code == 201
    return str(r.json()["id"])


def post(srv: TestServer, path: str, role: str, **body: Any) -> Any:
    return srv.post(path, role, {"idempotency_key": key(), **body})


@pytest.mark.parametrize("action", ["cancel", "transfer", "no-show", "start"])
def test_counter_01_cannot_touch_another_counters_tickets(server: TestServer, action: str) -> None:
    land = issue(server, "dat-dai")  # counter 04's lĩnh vực
    extra = {"service_id": "ho-tich"} if action == "transfer" else {}
    refused = post(server, f"/api/v1/tickets/{land}/{action}", "counter-01", **extra)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_this_counter"
    sent_to_02 = issue(server, "ho-tich")
    moved = post(server, f"/api/v1/tickets/{sent_to_02}/transfer", "counter", counter_id="02")
    assert moved.status_code == 200
    refused = post(server, f"/api/v1/tickets/{sent_to_02}/{action}", "counter-01", **extra)
    assert refused.status_code == 403
    out_of_turn = post(server, "/api/v1/counters/01/call-next", "counter-01", ticket_id=land)
    assert out_of_turn.status_code == 403
    # Its own: fine.
    mine = issue(server, "ho-tich")
    called = post(server, "/api/v1/counters/01/call-next", "counter-01", ticket_id=mine)
    assert called.status_code == 200 and called.json()["id"] == mine
    assert post(server, f"/api/v1/tickets/{mine}/start", "counter-01").status_code == 200


def test_a_counter_called_elsewhere_is_not_yours(server: TestServer) -> None:
    t = issue(server, "ho-tich")
    assert post(server, "/api/v1/counters/02/call-next", "counter").json()["id"] == t
    for action in ("finish", "cancel", "recall", "no-show"):
        assert post(server, f"/api/v1/tickets/{t}/{action}", "counter-01").status_code == 403


def test_another_devices_key_gets_no_answer(server: TestServer) -> None:
    issue(server, "ho-tich")
    k = key()
    first = server.post("/api/v1/counters/01/call-next", "counter-01", {"idempotency_key": k})
    assert first.status_code == 200
    stolen = server.post("/api/v1/counters/01/call-next", "counter", {"idempotency_key": k})
    assert stolen.status_code == 422
    assert stolen.json()["error"]["code"] == "idempotency_key_reused"
    assert first.json()["number"] not in stolen.text
