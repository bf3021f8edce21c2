"""Many counters and kiosks at the same instant: no ticket called twice, none lost,
numbers unique — on SQLite and on PostgreSQL, including two server processes sharing
one PostgreSQL database."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from testkit.keys import key
from testkit.postgres import PostgresServer
from testkit.servers import ServerProcess
from tests.server.test_events import collect

pytestmark = pytest.mark.slow

BUSY = Path(__file__).parents[1] / "data" / "centre_busy.toml"
KIOSKS, PER_KIOSK, COUNTERS = 4, 30, 8


def run_day(servers: list[ServerProcess]) -> tuple[list[dict[str, str]], list[str]]:
    issued: list[dict[str, str]] = []
    called: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(KIOSKS + COUNTERS)
    kiosks_done = threading.Event()
    finished_kiosks = [0]
    errors: list[str] = []

    def kiosk(i: int) -> None:
        srv = servers[i % len(servers)]
        s = requests.Session()
        start.wait()
        for j in range(PER_KIOSK):
            body = {"service_id": "ab"[j % 2], "idempotency_key": key(f"kiosk{i}")}
            if j % 5 == 0:
                body["priority"] = "cao-tuoi"
            r = s.post(
                srv.base + "/api/v1/tickets", json=body, headers=srv.headers("kiosk"), timeout=30
            )
            if r.status_code != 201:
                errors.append(r.text)
                continue
            with lock:
                issued.append({"id": r.json()["id"], "number": r.json()["number"]})
        with lock:
            finished_kiosks[0] += 1
            if finished_kiosks[0] == KIOSKS:
                kiosks_done.set()

    def counter(c: int) -> None:
        srv = servers[c % len(servers)]
        s = requests.Session()
        start.wait()
        while True:
            was_done = kiosks_done.is_set()
            r = s.post(
                f"{srv.base}/api/v1/counters/{c + 1}/call-next",
                json={"idempotency_key": key(f"c{c}")},
                headers=srv.headers("counter"),
                timeout=30,
            )
            if r.status_code == 204:
                if was_done:
                    return
                continue
            if r.status_code != 200:
                errors.append(r.text)
                return
            tid = r.json()["id"]
            with lock:
                called.append(tid)
            f = s.post(
                f"{srv.base}/api/v1/tickets/{tid}/finish",
                json={"idempotency_key": key("f")},
                headers=srv.headers("counter"),
                timeout=30,
            )
            if f.status_code != 200:
                errors.append(f.text)

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(KIOSKS)]
    threads += [threading.Thread(target=counter, args=(c,)) for c in range(COUNTERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(240)
    assert not errors, errors[:3]
    return issued, called


def check(servers: list[ServerProcess], issued: list[dict[str, str]], called: list[str]) -> None:
    assert len(issued) == KIOSKS * PER_KIOSK
    assert len({t["number"] for t in issued}) == len(issued), "a number was given twice"
    dupes = [t for t, n in Counter(called).items() if n > 1]
    assert not dupes, f"called twice: {dupes}"
    assert sorted(called) == sorted(t["id"] for t in issued), "a ticket was lost"
    last = servers[0].get("/api/v1/queue", "display").json()["last_seq"]
    seqs = [e.seq for e in collect(servers[0], last, after=0, timeout=30)]
    assert seqs == list(range(1, last + 1)), "the event log has a gap or a repeat"
    report = servers[0].get("/api/v1/reports/summary", "manager").json()
    assert report["totals"]["issued"] == len(issued)
    assert report["totals"]["served"] == len(issued)


def test_eight_counters_four_kiosks(db_url: str, tmp_path: Path) -> None:
    srv = ServerProcess(db_url, tmp_path, [BUSY]).start()
    try:
        issued, called = run_day([srv])
        check([srv], issued, called)
    finally:
        srv.stop()


@pytest.mark.postgres
def test_two_server_processes_share_postgres(postgres: PostgresServer, tmp_path: Path) -> None:
    url = postgres.new_database()
    a = ServerProcess(url, tmp_path, [BUSY]).start()
    b = ServerProcess(url, tmp_path, [BUSY])
    b.tokens = a.tokens
    b.start()
    try:
        issued, called = run_day([a, b])
        check([a, b], issued, called)
        # A display connected to process B sees, live, a ticket issued through process A.
        last = b.get("/api/v1/queue", "display").json()["last_seq"]
        got: list[int] = []

        def listen() -> None:
            got.extend(e.seq for e in collect(b, 1, after=last, timeout=15))

        t = threading.Thread(target=listen)
        t.start()
        time.sleep(0.5)
        a.post("/api/v1/tickets", "kiosk", {"service_id": "a", "idempotency_key": key()})
        t.join(15)
        assert got == [last + 1]
    finally:
        a.stop()
        b.stop()
