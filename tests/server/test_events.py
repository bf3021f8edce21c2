"""Live events: replay from ?after or Last-Event-ID, live delivery, keep-alives."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlencode

from queue_client.sse import Event, read_events
from testkit.servers import ServerProcess, TestServer
from tests.server.test_api import call, issue


def collect(
    srv: TestServer,
    n: int,
    *,
    after: int | None = None,
    last_id: int | None = None,
    timeout: float = 10,
) -> list[Event]:
    query = "" if after is None else "?" + urlencode({"after": after})
    headers = {} if last_id is None else {"Last-Event-ID": str(last_id)}
    out: list[Event] = []
    stream = srv.events("/api/v1/events" + query, **headers)
    try:
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        for ev in read_events(stream.lines()):
            if ev is not None:
                out.append(ev)
            if len(out) >= n:
                break
    finally:
        stream.close()
    return out


def test_replay_after_and_last_event_id(server: TestServer) -> None:
    for _ in range(5):
        issue(server)
    call(server)
    events = collect(server, 6, after=0)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert [e.kind for e in events] == ["ticket.issued"] * 5 + ["ticket.called"]
    assert events[-1].data["counter_number"] == 1 and events[-1].data["number"] == "1001"
    resumed = collect(server, 2, last_id=4, after=0)
    assert [e.seq for e in resumed] == [5, 6]


def test_live_delivery_and_reconnect_misses_nothing(server: TestServer) -> None:
    got: list[Event] = []
    ready = threading.Event()

    def listen() -> None:
        stream = server.events("/api/v1/events?after=0")
        try:
            ready.set()
            for ev in read_events(stream.lines()):
                if ev is not None:
                    got.append(ev)
                if len(got) >= 3:
                    return
        finally:
            stream.close()

    t = threading.Thread(target=listen)
    t.start()
    ready.wait(5)
    for _ in range(3):
        issue(server)
    t.join(10)
    assert [e.seq for e in got] == [1, 2, 3]
    # The "display" was away while three more things happened; it resumes from seq 3.
    issue(server)
    call(server)
    call(server)
    back = collect(server, 4, last_id=got[-1].seq)
    assert [e.seq for e in back] == [4, 5, 6, 7]
    # Calling next while 1001 was still only called marks it absent first.
    assert [e.kind for e in back] == [
        "ticket.issued",
        "ticket.called",
        "ticket.no_show",
        "ticket.called",
    ]


def test_keepalive_comments(db_url: str, tmp_path: Path) -> None:
    srv = ServerProcess(db_url, tmp_path).start(["--keepalive", "0.3"])
    try:
        stream = srv.events("/api/v1/events")
        beats = 0
        for ev in read_events(stream.lines()):
            assert ev is None
            beats += 1
            if beats == 2:
                break
        stream.close()
        assert beats == 2
        bad = srv.get("/api/v1/events", "display", params={"after": -1})
        assert bad.status_code == 422
    finally:
        srv.stop()
