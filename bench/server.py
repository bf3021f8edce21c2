"""Server benchmark: ticket issues per second, call-next latency, event delay.

    .venv/bin/python -m bench.server [--db sqlite|postgres|both] [--seconds 5]

Starts a real server process per database (SQLite WAL file; PostgreSQL with fsync on)
and drives it over loopback HTTP from client threads in this process. Targets on the
2-core machine: ≥ 500 issues/s on SQLite, call-next p99 < 50 ms at 8 clients, event
delay p99 < 50 ms. Client and server share the two cores, so figures are conservative.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests

from queue_client.sse import read_events
from queue_core.stats import percentile
from testkit.postgres import PostgresServer
from testkit.servers import ServerProcess

BUSY = Path(__file__).parents[1] / "tests" / "data" / "centre_busy.toml"
_n = [0]
_lock = threading.Lock()


def key() -> str:
    with _lock:
        _n[0] += 1
        return f"bench-{os.getpid()}-{_n[0]}"


def run_clients(
    n: int, seconds: float, work: Callable[[requests.Session, int], float | None]
) -> list[float]:
    """n threads call `work` until the time is up; returns the latencies it reported."""
    out: list[float] = []
    stop = time.monotonic() + seconds
    barrier = threading.Barrier(n)

    def loop(i: int) -> None:
        s = requests.Session()
        barrier.wait()
        mine = []
        while time.monotonic() < stop:
            lat = work(s, i)
            if lat is not None:
                mine.append(lat)
        with _lock:
            out.extend(mine)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def bench_issue(srv: ServerProcess, clients: int, seconds: float) -> tuple[float, float, float]:
    headers = srv.headers("kiosk")

    def issue(s: requests.Session, i: int) -> float | None:
        t0 = time.perf_counter()
        r = s.post(
            srv.base + "/api/v1/tickets",
            json={"service_id": "ab"[i % 2], "idempotency_key": key()},
            headers=headers,
            timeout=30,
        )
        return time.perf_counter() - t0 if r.status_code == 201 else None

    lat = run_clients(clients, seconds, issue)
    return len(lat) / seconds, ms(percentile(lat, 50)), ms(percentile(lat, 99))


def bench_call_next(srv: ServerProcess, clients: int, seconds: float) -> tuple[float, float, float]:
    headers = srv.headers("counter")

    def call(s: requests.Session, i: int) -> float | None:
        t0 = time.perf_counter()
        r = s.post(
            f"{srv.base}/api/v1/counters/{i % 8 + 1}/call-next",
            json={"idempotency_key": key()},
            headers=headers,
            timeout=30,
        )
        return time.perf_counter() - t0 if r.status_code in (200, 204) else None

    lat = run_clients(clients, seconds, call)
    return len(lat) / seconds, ms(percentile(lat, 50)), ms(percentile(lat, 99))


def bench_event_delay(srv: ServerProcess, calls: int = 200) -> tuple[float, float, float, float]:
    """From a call-next being acknowledged to an SSE subscriber holding the event.

    The server publishes right after the commit, before it writes the HTTP response, so
    the event often arrives before the acknowledgement: those delays count as 0. The
    second pair measures from the moment the request was sent.
    """
    received: dict[str, float] = {}
    ready = threading.Event()
    done = threading.Event()

    def listen() -> None:
        with requests.get(
            srv.base + "/api/v1/events", headers=srv.headers("display"), stream=True, timeout=60
        ) as resp:
            ready.set()
            for ev in read_events(resp.iter_lines(decode_unicode=True)):
                if ev is not None and ev.kind == "ticket.called":
                    received[ev.data["id"]] = time.perf_counter()
                if done.is_set() and len(received) >= calls:
                    return

    def listen_quietly() -> None:
        with contextlib.suppress(requests.RequestException):  # the server stops at the end
            listen()

    t = threading.Thread(target=listen_quietly, daemon=True)
    t.start()
    ready.wait(10)
    time.sleep(0.3)
    s = requests.Session()
    acked: dict[str, float] = {}
    sent: dict[str, float] = {}
    for i in range(calls):
        t_send = time.perf_counter()
        r = s.post(
            f"{srv.base}/api/v1/counters/{i % 8 + 1}/call-next",
            json={"idempotency_key": key()},
            headers=srv.headers("counter"),
            timeout=30,
        )
        if r.status_code == 200:
            acked[r.json()["id"]] = time.perf_counter()
            sent[r.json()["id"]] = t_send
        time.sleep(0.01)
    done.set()
    deadline = time.monotonic() + 10
    while len(received) < len(acked) and time.monotonic() < deadline:
        time.sleep(0.05)
    delays = [max(0.0, received[k] - acked[k]) for k in acked if k in received]
    from_send = [received[k] - sent[k] for k in acked if k in received]
    missing = len(acked) - len(delays)
    if missing:
        print(f"  !! {missing} acknowledged calls never reached the subscriber")
    return (
        ms(percentile(delays, 50)),
        ms(percentile(delays, 99)),
        ms(percentile(from_send, 50)),
        ms(percentile(from_send, 99)),
    )


def ms(x: float | None) -> float:
    return round((x or 0.0) * 1000, 1)


def bench_database(name: str, url: str, workdir: Path, seconds: float) -> list[str]:
    srv = ServerProcess(url, workdir, [BUSY]).start()
    rows = []
    try:
        for clients in (1, 8, 32):
            rate, p50, p99 = bench_issue(srv, clients, seconds)
            rows.append(f"| {name} | issue | {clients} | {rate:.0f}/s | {p50} | {p99} |")
            print(rows[-1], flush=True)
        for clients in (1, 8, 32):
            rate, p50, p99 = bench_call_next(srv, clients, seconds)
            rows.append(f"| {name} | call-next | {clients} | {rate:.0f}/s | {p50} | {p99} |")
            print(rows[-1], flush=True)
        p50, p99, s50, s99 = bench_event_delay(srv)
        rows.append(f"| {name} | event delay (ack → SSE) | 1 | — | {p50} | {p99} |")
        rows.append(f"| {name} | event delay (request sent → SSE) | 1 | — | {s50} | {s99} |")
        print("\n".join(rows[-2:]), flush=True)
    finally:
        srv.stop()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    args = ap.parse_args()
    print(f"# XepHang server benchmark ({os.cpu_count()} cores, {args.seconds:.0f} s per row)")
    print("| database | operation | clients | throughput | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="xephang-bench-") as tmp:
        work = Path(tmp)
        if args.db in ("sqlite", "both"):
            bench_database("SQLite", f"sqlite:///{work / 'bench.db'}", work, args.seconds)
        if args.db in ("postgres", "both"):
            pg = PostgresServer(durable=True)
            pg.start()
            try:
                bench_database("PostgreSQL", pg.new_database(), work, args.seconds)
            finally:
                pg.stop()


if __name__ == "__main__":
    main()
