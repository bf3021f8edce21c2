"""Many idle streams on one centre: how fast are call-next and the events it makes?

    .venv/bin/python -m bench.streams [--db sqlite|postgres] [--streams 2000] [--calls 300]

A centre whose event stream 2,000 devices follow (each with its own token) while a
counter calls the next citizen every `--every` seconds. Prints call-next latency as the
counter saw it and the event delay: from the moment the counter had its answer to the
moment each stream received the call (and from the key press, the officer's view).
Targets (issue 20): call-next p99 <= 50 ms, event delay p99 <= 100 ms.

The streams are read by plain sockets in two reader processes (epoll, one thread each):
the load generator must cost less than the server it measures.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import selectors
import socket
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.day import cpu_s
from bench.kiosk import rss_mb
from queue_client.api import ApiClient, new_key
from queue_core.contract import CallNextIn, IssueIn
from queue_core.stats import percentile
from queue_server.provision import DeviceSpec, Role, provision
from testkit.postgres import PostgresServer
from testkit.servers import CENTRE, ServerProcess

_ID = re.compile(rb"\nid: (\d+)\n")


def read_streams(
    port: int, tokens: list[str], until: float, ready_at: float
) -> dict[int, list[float]]:
    """Open one stream per token and note when each event arrives on each (monotonic
    clock, shared by every process of this machine)."""
    sel = selectors.DefaultSelector()
    buffers: dict[socket.socket, bytes] = {}
    for t in tokens:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(
            f"GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, s)
        buffers[s] = b"\n"
    arrivals: dict[int, list[float]] = {}
    cpu_at_ready: float | None = None
    while time.monotonic() < until:
        if cpu_at_ready is None and time.monotonic() >= ready_at:
            cpu_at_ready = cpu_s()
        for key_, _ in sel.select(timeout=0.5):
            s = key_.data
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            now = time.monotonic()
            if not data:
                sel.unregister(s)
                continue
            buf = buffers[s] + data
            end = 0
            for m in _ID.finditer(buf):
                if now >= ready_at:
                    arrivals.setdefault(int(m.group(1)), []).append(now)
                end = m.end() - 1
            buffers[s] = buf[end:][-200:]
    for s in buffers:
        s.close()
    arrivals[-1] = [cpu_s() - (cpu_at_ready or 0.0)]  # this reader's CPU seconds
    return arrivals


def ms(values: list[float], p: float) -> float:
    return (percentile(values, p) or 0.0) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description="Call-next and event delay under idle streams")
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--streams", type=int, default=2000)
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--every", type=float, default=0.2, help="seconds between call-nexts")
    args = ap.parse_args()
    pg = PostgresServer(durable=True) if args.db == "postgres" else None
    with tempfile.TemporaryDirectory(prefix="xephang-bench-streams-") as tmp:
        work = Path(tmp)
        if pg is not None:
            pg.start()
        try:
            url = pg.new_database() if pg else f"sqlite:///{work / 'streams.db'}"
            run(url, work, args)
        finally:
            if pg is not None:
                pg.stop()


def run(url: str, work: Path, args: argparse.Namespace) -> None:
    srv = ServerProcess(url, work)
    specs = [DeviceSpec(f"d{i}", Role.DISPLAY, f"bench display {i}") for i in range(args.streams)]
    tokens = list(provision(url, [CENTRE], specs).values())
    srv.start()
    assert srv.proc is not None
    kiosk = ApiClient(srv.base, srv.tokens["kiosk"])
    for _ in range(args.calls + 5):
        kiosk.issue(IssueIn(service_id="ho-tich", idempotency_key=new_key("b")))
    counter = ApiClient(srv.base, srv.tokens["counter"])
    ready_at = time.monotonic() + 3 + args.streams / 1000
    until = ready_at + args.calls * args.every + 5
    halves = [tokens[: len(tokens) // 2], tokens[len(tokens) // 2 :]]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        readers = [pool.submit(read_streams, srv.port, h, until, ready_at) for h in halves]
        time.sleep(max(0.0, ready_at - time.monotonic()))
        cpu_before = cpu_s(srv.proc.pid)
        started = time.monotonic()
        calls: dict[int, tuple[float, float]] = {}
        latency: list[float] = []
        for i in range(args.calls):
            t0 = time.monotonic()
            view = counter.call_next("01", CallNextIn(idempotency_key=new_key("c")))
            t1 = time.monotonic()
            latency.append(t1 - t0)
            if view is not None and view.event_seq:
                calls[view.event_seq] = (t0, t1)
            time.sleep(max(0.0, started + (i + 1) * args.every - time.monotonic()))
        server_cpu = (cpu_s(srv.proc.pid) - cpu_before) / (time.monotonic() - started)
        server_rss = rss_mb(srv.proc.pid)
        measured_s = time.monotonic() - started
        arrivals: dict[int, list[float]] = {}
        for r in readers:
            for seq, times in r.result().items():
                arrivals.setdefault(seq, []).extend(times)
        readers_cpu = sum(arrivals.pop(-1)) / measured_s
    srv.stop()
    delays, from_press, first, last, missing = [], [], [], [], 0
    for seq, (t0, t1) in calls.items():
        got = arrivals.get(seq, [])
        missing += args.streams - len(got)
        delays += [max(0.0, t - t1) for t in got]
        from_press += [t - t0 for t in got]
        if got:
            first.append(min(got) - t1)
            last.append(max(got) - t1)
    delays.sort()
    from_press.sort()
    latency.sort()
    db = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    print(f"# XepHang streams benchmark ({db}, {args.streams} idle streams on one centre)")
    print("| database | streams | call-nexts | call-next p50 ms | p99 ms | event delay p50 ms |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {db} | {args.streams} | {len(latency)} | {ms(latency, 50):.1f} | "
        f"{ms(latency, 99):.1f} | {ms(delays, 50):.1f} |"
    )
    print(
        f"event delay p99 {ms(delays, 99):.1f} ms, max {delays[-1] * 1000:.1f} ms; "
        f"key press to stream p99 {ms(from_press, 99):.1f} ms; "
        f"deliveries {len(delays)}, missing {missing}; server CPU {server_cpu * 100:.0f} %, "
        f"resident {server_rss:.0f} MB; the two readers' CPU {readers_cpu * 100:.0f} %"
    )
    print(
        f"per call, first stream reached after p50 {ms(first, 50):.1f} ms, the last after "
        f"p50 {ms(last, 50):.1f} / p99 {ms(last, 99):.1f} ms (the fan-out's length)"
    )


if __name__ == "__main__":
    main()
