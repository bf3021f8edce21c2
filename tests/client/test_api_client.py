"""The typed client: every endpoint through it, in-process and over a real socket with
the same answers; how it tells the server's "no" from an unreachable server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from queue_client.api import ApiClient, ApiError, new_key
from queue_client.transport import MockTransport, Reply, Request, ServerUnreachable
from queue_core.contract import (
    CallNextIn,
    HealthIn,
    IssueIn,
    Mutation,
    RatingIn,
    Snapshot,
    TicketAction,
    TicketView,
    TransferIn,
)
from queue_core.tickets import Status
from testkit.servers import InProcessServer, TestServer, ThreadServer


def a_day(srv: TestServer) -> list[object]:
    """One of everything, through the typed client only; what each answered."""
    kiosk, officer, pad = srv.api("kiosk"), srv.api("counter"), srv.api("rating")
    manager = srv.api("manager")
    seen: list[object] = [kiosk.centre().centre.id, kiosk.healthz().ok]
    t = kiosk.issue(IssueIn(service_id="ho-tich", idempotency_key=new_key()))
    assert isinstance(t, TicketView) and t.id and t.status is Status.WAITING
    seen += [t.number, t.waiting_ahead, kiosk.ticket(t.id).number]
    called = officer.call_next("01", CallNextIn(idempotency_key=new_key()))
    assert called is not None and called.id == t.id and called.status is Status.CALLED
    assert officer.call_next("02", CallNextIn(idempotency_key=new_key())) is None  # 204
    recalled = officer.act(t.id, TicketAction.RECALL, Mutation(idempotency_key=new_key()))
    started = officer.act(t.id, TicketAction.START, Mutation(idempotency_key=new_key()))
    done = officer.act(t.id, TicketAction.FINISH, Mutation(idempotency_key=new_key()))
    seen += [recalled.recall_count, started.status, done.status]
    rated = pad.rate(RatingIn(ticket_id=t.id, level="hai-long", idempotency_key=new_key()))
    seen += [rated.level_name, rated.positive]
    moved = kiosk.issue(IssueIn(service_id="ho-tich", idempotency_key=new_key()))
    assert moved.id
    officer.call_next("01", CallNextIn(idempotency_key=new_key()))
    transferred = officer.act(
        moved.id, TicketAction.TRANSFER, TransferIn(service_id="dat-dai", idempotency_key=new_key())
    )
    seen += [transferred.service_id, transferred.status]
    paused = officer.set_paused("03", True, Mutation(idempotency_key=new_key()))
    seen += [
        paused.paused,
        officer.set_paused("03", False, Mutation(idempotency_key=new_key())).paused,
    ]
    seen += [[x.number for x in officer.find_tickets(t.number)]]
    snap = kiosk.queue()
    assert isinstance(snap, Snapshot) and snap.last_seq > 0
    seen += [[w.count for w in snap.waiting]]
    health = kiosk.report_health("paper_low")
    seen += [health.state, health.kind]
    report = manager.report_summary()
    seen += [report.totals.issued, report.totals.served, report.totals.ratings]
    public = kiosk.public_ticket(t.status_url.rsplit("/", 1)[1])
    assert public is not None
    seen += [public.number, public.status, kiosk.public_ticket("unknown") is None]
    with pytest.raises(ApiError) as refused:
        pad.rate(RatingIn(ticket_id=t.id, level="hai-long", idempotency_key=new_key()))
    seen += [refused.value.status, refused.value.code, " / " in refused.value.message]
    return seen


def test_every_endpoint_in_process_and_over_a_socket_alike(tmp_path: Path) -> None:
    inproc = InProcessServer(f"sqlite:///{tmp_path / 'a.db'}", tmp_path).start()
    thread = ThreadServer(f"sqlite:///{tmp_path / 'b.db'}", tmp_path).start()
    try:
        here, there = a_day(inproc), a_day(thread)
    finally:
        inproc.stop()
        thread.stop()
    assert here == there
    assert here[-3:] == [409, "already_rated", True]


def test_login_carries_the_session(server: TestServer) -> None:
    api = ApiClient(server.transport)
    view = api.login(server.staff_username, "mat-khau-123")
    assert view.role == "counter" and api.token == view.token
    assert api.queue().centre_id == "hoang-mai"
    with pytest.raises(ApiError) as e:
        ApiClient(server.transport).login(server.staff_username, "sai-mat-khau")
    assert e.value.status == 401 and e.value.code == "bad_credentials"


def answering(status: int, body: bytes) -> MockTransport:
    return MockTransport(lambda req: Reply(status, body, {}))


def test_the_server_saying_no_is_an_api_error() -> None:
    body = json.dumps(
        {"error": {"code": "counter_paused", "message": "Quầy 01 đang tạm dừng / paused"}}
    )
    api = ApiClient(answering(409, body.encode()), "t")
    with pytest.raises(ApiError) as e:
        api.call_next("01", CallNextIn(idempotency_key=new_key()))
    assert (e.value.status, e.value.code) == (409, "counter_paused")
    assert e.value.message.startswith("Quầy 01")


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, b'{"error": {"code": "internal", "message": "x"}}'),
        (502, b"<html>bad gateway</html>"),
        (200, b"not json"),
        (200, b'{"unexpected": true}'),
    ],
)
def test_no_usable_answer_means_unreachable(status: int, body: bytes) -> None:
    api = ApiClient(answering(status, body), "t")
    with pytest.raises(ServerUnreachable):
        api.queue()


def test_requests_carry_the_token_and_typed_bodies() -> None:
    ticket = TicketView(
        id="t1",
        number="1001",
        service_id="ho-tich",
        status=Status.WAITING,
        issued_at="2025-05-27T08:00:00+07:00",
    )
    mock = MockTransport(lambda req: Reply(201, ticket.model_dump_json().encode(), {}))
    api = ApiClient(mock, "secret-token")
    got = api.issue(IssueIn(service_id="ho-tich", idempotency_key="abc-12345678"))
    assert got == ticket
    sent: Request = mock.requests[0]
    assert (sent.method, sent.path) == ("POST", "/api/v1/tickets")
    assert sent.headers["Authorization"] == "Bearer secret-token"
    assert sent.json == {"service_id": "ho-tich", "idempotency_key": "abc-12345678"}


def test_a_dead_network_is_unreachable() -> None:
    def dead(req: Request) -> Reply:
        raise ServerUnreachable("connection refused")

    api = ApiClient(MockTransport(dead), "t")
    assert not api.healthy()
    with pytest.raises(ServerUnreachable):
        api.report_health("ready")
    assert HealthIn(state="ready", idempotency_key="abc-12345678").device == "printer"
