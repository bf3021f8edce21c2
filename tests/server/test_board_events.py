"""Events carry what a board needs: applying each event of a busy morning to the first
snapshot gives, after every command, exactly the snapshot the server builds — so a
display or counter never has to ask for one after an event (issue 20)."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

from queue_client.live import LiveQueue
from queue_core.board import apply_event
from queue_core.contract import EventKind, Snapshot
from testkit.keys import key
from testkit.servers import TestServer, ThreadServer
from tests.server.test_api import act, call, issue
from tests.server.test_events import collect

SERVICES = ["ho-tich", "chung-thuc", "ho-kinh-doanh", "dat-dai", "xay-dung", "tra-ket-qua"]
COUNTERS = ["01", "02", "03", "04", "05", "06"]


def snapshot(srv: TestServer) -> Snapshot:
    return Snapshot.model_validate(srv.get("/api/v1/queue", "display").json())


def one_command(srv: TestServer, rng: random.Random, seen: list[str]) -> None:
    """Something an officer or a citizen does, picked at random; refusals are fine."""
    roll = rng.random()
    counter = rng.choice(COUNTERS)
    if roll < 0.3 or not seen:
        seen.append(issue(srv, rng.choice(SERVICES))["id"])
    elif roll < 0.55:
        r = call(srv, counter)
        if r.status_code == 200:
            seen.append(r.json()["id"])
    elif roll < 0.62:
        paused = srv.get("/api/v1/queue", "display").json()["counters"]
        state = next(c["paused"] for c in paused if c["id"] == counter)
        path = f"/api/v1/counters/{counter}/{'resume' if state else 'pause'}"
        srv.post(path, "counter", {"idempotency_key": key()})
    else:
        ticket = rng.choice(seen[-8:])
        action = rng.choice(["start", "finish", "no-show", "recall", "transfer", "cancel"])
        extra: dict[str, Any] = {}
        if action == "transfer":
            extra = (
                {"service_id": rng.choice(SERVICES)}
                if rng.random() < 0.6
                else {"counter_id": rng.choice(COUNTERS)}
            )
        act(srv, ticket, action, **extra)


def test_events_applied_to_the_first_snapshot_give_every_later_one(server: TestServer) -> None:
    rng = random.Random(20)
    board = snapshot(server)
    seen: list[str] = []
    kinds: set[str] = set()
    for _ in range(120):
        one_command(server, rng, seen)
        fresh = snapshot(server)
        new = fresh.last_seq - board.last_seq
        for ev in collect(server, new, after=board.last_seq) if new else []:
            kinds.add(ev.kind)
            applied = apply_event(board, ev.seq, EventKind(ev.kind), ev.payload)
            assert applied is not None, f"event {ev.seq} {ev.kind} could not be applied"
            board = applied
        assert board.model_dump() == fresh.model_dump()
    # The morning exercised every kind of change a board shows.
    assert {"ticket.issued", "ticket.called", "ticket.transferred", "ticket.no_show"} <= kinds
    assert {"ticket.finished", "ticket.cancelled", "counter.paused"} <= kinds


def test_a_gap_or_a_resync_asks_for_a_snapshot(server: TestServer) -> None:
    board = snapshot(server)
    issue(server)
    issue(server)
    first, second = collect(server, 2, after=board.last_seq)
    assert apply_event(board, second.seq, EventKind(second.kind), second.payload) is None
    applied = apply_event(board, first.seq, EventKind(first.kind), first.payload)
    assert applied is not None and applied.waiting[0].count == 1
    assert apply_event(applied, first.seq, EventKind.ISSUED, first.payload) is applied
    assert apply_event(applied, applied.last_seq + 1, EventKind.RESYNC, None) is None
    old_server = first.payload.model_copy(update={"queue": None})  # type: ignore[union-attr]
    assert apply_event(board, first.seq, EventKind.ISSUED, old_server) is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_live_device_follows_a_morning_without_asking_for_snapshots(
    thread_server: ThreadServer,
) -> None:
    """A real display over HTTP: one snapshot at start, none after, and its board is the
    server's after every burst."""
    boards: list[Snapshot] = []
    live = LiveQueue(thread_server.api("display"), on_snapshot=boards.append)
    live.start()
    try:
        rng = random.Random(7)
        seen: list[str] = []
        for _ in range(60):
            one_command(thread_server, rng, seen)
        fresh = snapshot(thread_server)
        deadline = time.monotonic() + 10
        while live.board.last_seq < fresh.last_seq and time.monotonic() < deadline:
            time.sleep(0.02)
        assert live.board.model_dump() == fresh.model_dump()
        assert boards and boards[-1].last_seq == fresh.last_seq
        assert live.fetches == 0
    finally:
        live.stop()
