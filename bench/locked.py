"""Event-loop benchmark: while another connection holds SQLite's write lock for 10 s,
how fast do /healthz, the board (GET /api/v1/queue) and a ticket request answer?

    .venv/bin/python -m bench.locked [--hold 10]

Target: /healthz p99 < 50 ms throughout (it says "busy"); the board keeps answering; a
write gets 503 + Retry-After after the short busy wait instead of a 15 s stall.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import requests

from queue_core.stats import percentile
from testkit.keys import key
from testkit.servers import ServerProcess


def main() -> None:
    ap = argparse.ArgumentParser(description="Answers while the SQLite write lock is held")
    ap.add_argument("--hold", type=float, default=10.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        srv = ServerProcess(f"sqlite:///{work / 'x.db'}", work).start()
        display = {"Authorization": f"Bearer {srv.tokens['display']}"}
        kiosk = {"Authorization": f"Bearer {srv.tokens['kiosk']}"}
        session = requests.Session()
        other = sqlite3.connect(work / "x.db", isolation_level=None, check_same_thread=False)
        health: list[float] = []
        board: list[float] = []
        writes: list[tuple[float, int]] = []

        def write_loop(until: float) -> None:
            s = requests.Session()
            while time.perf_counter() < until:
                t = time.perf_counter()
                r = s.post(
                    srv.base + "/api/v1/tickets",
                    json={"service_id": "ho-tich", "idempotency_key": key()},
                    headers=kiosk,
                    timeout=30,
                )
                writes.append((time.perf_counter() - t, r.status_code))

        other.execute("BEGIN IMMEDIATE")
        until = time.perf_counter() + args.hold
        writer = threading.Thread(target=write_loop, args=(until,))
        writer.start()
        while time.perf_counter() < until:
            t = time.perf_counter()
            session.get(srv.base + "/healthz", timeout=30)
            health.append(time.perf_counter() - t)
            t = time.perf_counter()
            session.get(srv.base + "/api/v1/queue", headers=display, timeout=30)
            board.append(time.perf_counter() - t)
            time.sleep(0.02)
        other.execute("ROLLBACK")
        writer.join()
        srv.stop()
    print(f"another connection held the write lock for {args.hold:g} s:")
    print("| request | n | p50 ms | p99 ms | max ms | answers |")
    print("|---|---|---|---|---|---|")
    for name, times, codes in (
        ("GET /healthz", health, "503 busy"),
        ("GET /api/v1/queue", board, "200"),
        (
            "POST /api/v1/tickets",
            [w[0] for w in writes],
            ", ".join(sorted({str(w[1]) for w in writes})),
        ),
    ):
        print(
            f"| {name} | {len(times)} | {1000 * (percentile(times, 50) or 0):.1f} | "
            f"{1000 * (percentile(times, 99) or 0):.1f} | {1000 * max(times):.1f} | {codes} |"
        )


if __name__ == "__main__":
    main()
