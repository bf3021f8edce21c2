"""Live events: replay from ?after or Last-Event-ID, live delivery, keep-alives."""

from __future__ import annotations

import threading
from pathlib import Path

import requests

from queue_client.sse import Event, read_events
from tests.server.test_api import call, issue
from tests.support.servers import ServerProcess


def collect(
    srv: ServerProcess,
    n: int,
    *,
    after: int | None = None,
    last_id: int | None = None,
    timeout: float = 10,
) -> list[Event]:
    params = {} if after is None else {"after": after}
    headers = srv.headers("display")
    if last_id is not None:
        headers["Last-Event-ID"] = str(last_id)
    out: list[Event] = []
    with requests.get(
        srv.base + "/api/v1/events", params=params, headers=headers, stream=True, timeout=timeout
    ) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/event-stream")
        for ev in read_events(resp):
            if ev is not None:
                out.append(ev)
            if len(out) >= n:
                break
    return out


def test_replay_after_and_last_event_id(server: ServerProcess) -> None:
    for _ in range(5):
        issue(server)
    call(server)
    events = collect(server, 6, after=0)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert [e.kind for e in events] == ["ticket.issued"] * 5 + ["ticket.called"]
    assert events[-1].data["counter_number"] == 1 and events[-1].data["number"] == "1001"
    resumed = collect(server, 2, last_id=4, after=0)
    assert [e.seq for e in resumed] == [5, 6]


def test_live_delivery_and_reconnect_misses_nothing(server: ServerProcess) -> None:
    got: list[Event] = []
    ready = threading.Event()

    def listen() -> None:
        with requests.get(
            server.base + "/api/v1/events",
            params={"after": 0},
            stream=True,
            headers=server.headers("display"),
            timeout=10,
        ) as resp:
            ready.set()
            for ev in read_events(resp):
                if ev is not None:
                    got.append(ev)
                if len(got) >= 3:
                    return

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
        with requests.get(
            srv.base + "/api/v1/events", stream=True, headers=srv.headers("display"), timeout=10
        ) as resp:
            beats = 0
            for ev in read_events(resp):
                assert ev is None
                beats += 1
                if beats == 2:
                    break
        assert beats == 2
        bad = srv.get("/api/v1/events", "display", params={"after": -1})
        assert bad.status_code == 422
    finally:
        srv.stop()
