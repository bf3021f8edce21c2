"""Day benchmark: how many centres one server carries at real-time speed.

    .venv/bin/python -m bench.day [--db sqlite|postgres|both] [--seconds 60]
                                  [--centres 250,500,1000,1500] [--workers 2]

Each centre is the default one at its morning peak (9:00–10:00, `DaySim` at speed 1 and
scale 1: about one citizen a minute, six counters calling, serving, transferring, meeting
no-shows, citizens rating) with the live devices a real centre keeps open, each with its
own token: a waiting-room display and six counter clients, each following the event
stream and applying its events to its board (`queue_client.live`). The slice is taken
mid-morning: twelve citizens already wait and each officer is somewhere in serving one,
so first calls spread over a typical service time (`MID_MORNING_S`) instead of every
counter of every centre calling in the same second. For each number of centres the
server (PostgreSQL: `--workers` processes) runs that load for `--seconds`; the table
gives call-next latency as the counters saw it, the request rate, and the resident
memory of the server, of PostgreSQL and of this load generator. It goes up until
call-next p99 passes 100 ms (the limit) or the list ends.

The load generator shares the two cores with the server (and PostgreSQL): its own CPU use
is printed, so a step where the client, not the server, was the bottleneck shows.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import re
import resource
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.kiosk import rss_mb
from queue_client.api import ApiClient, new_key
from queue_client.live import LiveQueue
from queue_core.centre import CentreConfig
from queue_core.contract import IssueIn
from queue_core.stats import percentile
from queue_server.provision import DeviceSpec, Role, provision
from testkit.postgres import PostgresServer
from testkit.servers import ServerProcess
from xephang.configfile import load_toml
from xephang.day_sim import DaySim, Tally
from xephang.paths import DEFAULT_CENTRE

LIMIT_S = 0.100
MID_MORNING_S = 600.0
"""Over how long the counters' first calls spread: about one service (8–10 minutes)."""
BACKLOG = 12
"""Citizens already waiting per centre when the measured slice starts."""
SERVICES = ("ho-tich", "chung-thuc", "dat-dai", "tra-ket-qua")
WATCHERS = ("display", *[f"counter-{i:02d}" for i in range(1, 7)])
"""The live devices of one centre: what they cost the server is part of the load."""


def centre_files(n: int, folder: Path) -> list[Path]:
    """n copies of the default centre, with ids c001, c002, …"""
    text = DEFAULT_CENTRE.read_text(encoding="utf-8")
    out = []
    for i in range(1, n + 1):
        path = folder / f"centre-{i:03d}.toml"
        path.write_text(
            re.sub(r'(?m)^id = "hoang-mai"$', f'id = "c{i:03d}"', text, count=1), encoding="utf-8"
        )
        out.append(path)
    return out


def device_tokens(db_url: str, files: list[Path]) -> list[dict[str, str]]:
    """Per centre: a token for each role, and one for each counter's own client."""
    centres = [load_toml(f, CentreConfig) for f in files]
    specs = []
    for c in centres:
        cid = c.centre.id
        specs += [DeviceSpec(f"{cid}:{r.value}", r, f"bench {r}", centre_id=cid) for r in Role]
        specs += [
            DeviceSpec(f"{cid}:counter-{n}", Role.COUNTER, f"bench {n}", n, centre_id=cid)
            for n in (f"{i:02d}" for i in range(1, 7))
        ]
    flat = provision(db_url, centres, specs)
    labels = [r.value for r in Role] + [w for w in WATCHERS if w.startswith("counter-")]
    return [{k: flat[f"{c.centre.id}:{k}"] for k in labels} for c in centres]


def tree_cpu_s(pid: int) -> float:
    """CPU seconds of a process and its children (the workers of `--workers`)."""
    return _over_tree(pid, cpu_s)


def fill_backlog(base: str, tokens: list[dict[str, str]]) -> None:
    """Who came between 7:30 and 9:00 and still waits, at every centre (8 at a time)."""

    def one_centre(t: dict[str, str]) -> None:
        kiosk = ApiClient(base, t["kiosk"], timeout_s=30)
        for i in range(BACKLOG):
            kiosk.issue(
                IssueIn(service_id=SERVICES[i % len(SERVICES)], idempotency_key=new_key("b"))
            )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one_centre, tokens))


def tree_rss_mb(pid: int) -> float:
    """A process and its children (PostgreSQL's backends); shared buffers count in each."""
    return _over_tree(pid, rss_mb)


def _over_tree(pid: int, measure: Callable[[int], float]) -> float:
    total = measure(pid)
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += _over_tree(int(child), measure)
    return total


def cpu_s(pid: int | str = "self") -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(
    base: str, tokens: list[dict[str, str]], seconds: float, start_at: float
) -> dict[str, Any]:
    """One load-generator process: these centres' live devices and their day, from the
    wall-clock instant `start_at` on (so every process starts together)."""
    threading.stack_size(512 * 1024)  # thousands of threads; the default 8 MB each is virtual
    watchers: list[LiveQueue] = []
    sims: list[DaySim] = []
    for t in tokens:
        centre = ApiClient(base, t["kiosk"]).centre()
        for role in WATCHERS:
            live = LiveQueue(ApiClient(base, t[role], timeout_s=30), on_snapshot=lambda s: None)
            live.start()
            watchers.append(live)
        sims.append(
            DaySim(
                base,
                t,
                centre,
                speed=1,
                seed=len(sims),
                stop_after_s=seconds,
                first_call_within_s=MID_MORNING_S,
            )
        )
    time.sleep(max(0.0, start_at - time.time()))
    cpu_before = cpu_s()
    tallies: list[Tally] = []
    threads = [
        threading.Thread(target=lambda s=s: tallies.append(s.run(hours=[9, 10]))) for s in sims
    ]
    for th in threads:
        th.start()
    time.sleep(seconds * 0.8)
    rss = rss_mb()
    for th in threads:
        th.join()
    fetches = sum(live.fetches for live in watchers)
    for live in watchers:
        live.stop()
    return {
        "fetches": fetches,
        "lat": [x for t in tallies for x in t.call_next_s],
        "issued": sum(t.issued for t in tallies),
        "errors": [e for t in tallies for e in t.errors],
        "rss": rss,
        "cpu": cpu_s() - cpu_before,
    }


def run_step(
    db_url: str,
    n: int,
    seconds: float,
    work: Path,
    *,
    pg_pid: int | None,
    clients: int,
    workers: int,
) -> dict[str, Any]:
    files = centre_files(n, work)
    srv = ServerProcess(db_url, work, files)
    tokens = device_tokens(db_url, files)
    srv.start(["--workers", str(workers)] if workers > 1 else [])
    assert srv.proc is not None
    try:
        fill_backlog(srv.base, tokens)
        events_before = _events(srv.base, tokens)
        start_at = time.time() + 5 + n * 0.05  # time for every process to connect its devices
        with ProcessPoolExecutor(clients, mp_context=multiprocessing.get_context("spawn")) as pool:
            shares = [
                pool.submit(drive, srv.base, tokens[i::clients], seconds, start_at)
                for i in range(clients)
            ]
            time.sleep(max(0.0, start_at - time.time()))
            cpu_before = tree_cpu_s(srv.proc.pid)
            pg_cpu_before = tree_cpu_s(pg_pid) if pg_pid else 0.0
            time.sleep(seconds * 0.8)
            server_rss = tree_rss_mb(srv.proc.pid)
            pg_rss = tree_rss_mb(pg_pid) if pg_pid else 0.0
            results = [f.result() for f in shares]
        wall = time.time() - start_at
        server_cpu = (tree_cpu_s(srv.proc.pid) - cpu_before) / wall
        pg_cpu = (tree_cpu_s(pg_pid) - pg_cpu_before) / wall if pg_pid else 0.0
        lat = sorted(x for r in results for x in r["lat"])
        errors = [e for r in results for e in r["errors"]]
        return {
            "centres": n,
            "calls": len(lat),
            "p50": percentile(lat, 50),
            "p99": percentile(lat, 99),
            "issued": sum(r["issued"] for r in results),
            "events_per_s": (_events(srv.base, tokens) - events_before) / wall,
            "server_cpu": server_cpu,
            "pg_cpu": pg_cpu,
            "client_cpu": sum(r["cpu"] for r in results) / wall,
            "server_rss": server_rss,
            "pg_rss": pg_rss,
            "client_rss": max(r["rss"] for r in results),
            "fetches": sum(r["fetches"] for r in results),
            "errors": len(errors),
            "first_error": errors[0] if errors else "",
        }
    finally:
        srv.stop()


def _events(base: str, tokens: list[dict[str, str]]) -> int:
    """Events logged so far over all centres: each one reaches every live device."""
    return sum(ApiClient(base, t["display"]).queue().last_seq for t in tokens)


def ms(x: float | None) -> str:
    return f"{(x or 0.0) * 1000:.1f}"


def bench_database(
    name: str,
    url_for: Any,
    steps: list[int],
    seconds: float,
    work: Path,
    *,
    pg_pid: int | None,
    clients: int,
    workers: int = 1,
) -> None:
    for n in steps:
        step_dir = work / f"{name}-{n}"
        step_dir.mkdir()
        r = run_step(
            url_for(step_dir),
            n,
            seconds,
            step_dir,
            pg_pid=pg_pid,
            clients=clients,
            workers=workers,
        )
        print(
            f"| {name} | {n} | {r['calls']} | {ms(r['p50'])} | {ms(r['p99'])} | "
            f"{r['issued']} | {r['events_per_s']:.1f} | {r['server_cpu'] * 100:.0f} % | "
            f"{r['client_cpu'] * 100:.0f} % | {r['pg_cpu'] * 100:.0f} % | "
            f"{r['server_rss']:.0f} | {r['pg_rss']:.0f} | "
            f"{r['client_rss']:.0f} | {r['fetches']} | {r['errors']} |",
            flush=True,
        )
        if r["first_error"]:
            print(f"  first error: {r['first_error']}", flush=True)
        if (r["p99"] or 0) > LIMIT_S:
            print(f"  {name}: call-next p99 passed {LIMIT_S * 1000:.0f} ms at {n} centres")
            return
    print(f"  {name}: under {LIMIT_S * 1000:.0f} ms up to {steps[-1]} centres (list ended)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--seconds", type=float, default=60.0, help="real seconds per step")
    ap.add_argument("--centres", default="250,500,1000,1500", help="steps, comma-separated")
    ap.add_argument(
        "--workers", type=int, default=2, help="PostgreSQL server processes (default %(default)s)"
    )
    ap.add_argument(
        "--clients", type=int, default=4, help="load-generator processes (default %(default)s)"
    )
    args = ap.parse_args()
    steps = [int(x) for x in args.centres.split(",")]
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # thousands of connections
    print(
        f"# XepHang day benchmark ({os.cpu_count()} cores, {args.seconds:.0f} s per step, "
        f"{len(WATCHERS)} live devices per centre)"
    )
    print(
        "| database | centres | call-nexts | p50 ms | p99 ms | tickets | events/s | server CPU | "
        "clients CPU | PostgreSQL CPU | server MB | PostgreSQL MB | MB per client process | snapshots re-read | "
        "errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="xephang-bench-day-") as tmp:
        work = Path(tmp)
        if args.db in ("sqlite", "both"):
            bench_database(
                "SQLite",
                lambda d: f"sqlite:///{d / 'day.db'}",
                steps,
                args.seconds,
                work,
                pg_pid=None,
                clients=args.clients,
            )
        if args.db in ("postgres", "both"):
            pg = PostgresServer(durable=True)
            pg.start()
            try:
                pid = int((pg.data / "postmaster.pid").read_text().split()[0])
                bench_database(
                    "PostgreSQL",
                    lambda d: pg.new_database(),
                    steps,
                    args.seconds,
                    work,
                    pg_pid=pid,
                    clients=args.clients,
                    workers=args.workers,
                )
            finally:
                pg.stop()


if __name__ == "__main__":
    main()
