"""More than one server (issue 20): two server processes over one PostgreSQL behind a
balancer (testkit's proxy, playing deploy/haproxy.cfg), one killed -9 in the middle of a
compressed day. Devices reconnect through the balancer to the other server and replay:
each live device saw every event exactly once and in order, its board is the server's,
and the report's totals are what the simulated day did — nothing lost, nothing doubled.

And `xephang server --workers 2`: one port, two processes; a worker killed is started
again while the other one goes on answering."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from queue_client.api import ApiClient
from queue_client.live import LiveQueue
from queue_client.sse import Event
from queue_core.contract import IssueIn, Snapshot
from testkit.keys import key
from testkit.postgres import PostgresServer
from testkit.proxy import CuttableProxy
from testkit.servers import ServerProcess
from xephang.day_sim import DaySim

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


class Follower:
    """A live device through the balancer, keeping every sequence number it was given."""

    def __init__(self, base: str, token: str) -> None:
        self.seqs: list[int] = []
        self.live = LiveQueue(ApiClient(base, token), on_snapshot=lambda s: None, on_event=self.got)
        self.live.start()

    def got(self, ev: Event) -> None:
        self.seqs.append(ev.seq)


def test_a_server_killed_mid_day_behind_the_balancer(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.new_database()
    # One workdir: both servers read the same installation secret, as deploy/ requires
    # (an idempotency key retried on the other server must give the same fingerprint).
    a = ServerProcess(url, tmp_path).start()
    b = ServerProcess(url, tmp_path).start()
    balancer = CuttableProxy(a.port, b.port)
    followers: list[Follower] = []
    try:
        followers = [Follower(balancer.base, a.tokens[r]) for r in ("display", "counter", "rating")]
        centre = ApiClient(balancer.base, a.tokens["kiosk"]).centre()
        sim = DaySim(balancer.base, a.tokens, centre, speed=600, scale=0.5, seed=20)
        before_kill: dict[int, int] = {}

        def outage() -> None:
            time.sleep(4)
            before_kill.update(balancer.served)
            a.kill()  # kill -9: its streams and requests in flight end mid-way

        killer = threading.Thread(target=outage)
        killer.start()
        tally = sim.run(hours=[9, 10])
        killer.join()
        assert not tally.errors, tally.errors[:3]
        assert tally.issued > 40 and tally.served > 20
        assert balancer.served[b.port] > before_kill[b.port]  # devices moved over to b
        assert before_kill[a.port] > 0  # and a had served before it died
        final = Snapshot.model_validate(b.get("/api/v1/queue", "display").json())
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(
            f.live.board.last_seq < final.last_seq for f in followers
        ):
            time.sleep(0.05)
        for f in followers:
            first = f.live.first.last_seq
            assert f.seqs == list(range(first + 1, final.last_seq + 1)), "a gap or a double"
            assert f.live.board.model_dump() == final.model_dump()
        report = b.get("/api/v1/reports/summary", "manager").json()["totals"]
        assert report["issued"] == tally.issued
        assert report["served"] == tally.served
        assert report["no_show"] == tally.no_show
        assert report["ratings"] == tally.ratings
        assert report["waiting_or_open"] == 0
    finally:
        for f in followers:
            f.live.stop()
        b.stop()
        a.stop()


def children_of(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(x) for x in text.split()]


def test_workers_share_a_port_and_a_killed_one_comes_back(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    srv = ServerProcess(postgres.new_database(), tmp_path).start(["--workers", "2"])
    try:
        assert srv.proc is not None
        workers = children_of(srv.proc.pid)
        assert len(workers) == 2
        display = Follower(srv.base, srv.tokens["display"])
        kiosk = srv.tokens["kiosk"]
        numbers: list[str] = []

        def issue() -> None:
            """A kiosk on a fresh connection each time (the kernel picks the worker),
            retrying the same key when its worker died under it."""
            body = IssueIn(service_id="ho-tich", idempotency_key=key()).model_dump(mode="json")
            for _ in range(20):
                try:
                    r = requests.post(
                        srv.base + "/api/v1/tickets",
                        json=body,
                        headers={"Authorization": f"Bearer {kiosk}", "Connection": "close"},
                        timeout=5,
                    )
                except requests.ConnectionError:
                    time.sleep(0.2)
                    continue
                assert r.status_code == 201, r.text
                numbers.append(r.json()["number"])
                return
            raise AssertionError("no worker answered")

        for _ in range(10):
            issue()
        os.kill(workers[0], signal.SIGKILL)
        for _ in range(10):
            issue()  # the other worker answers meanwhile
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            now = children_of(srv.proc.pid)
            if len(now) == 2 and workers[0] not in now:
                break
            time.sleep(0.1)
        assert len(children_of(srv.proc.pid)) == 2 and workers[0] not in children_of(srv.proc.pid)
        for _ in range(10):
            issue()
        assert numbers == [str(1001 + i) for i in range(30)]  # none lost, none doubled
        last = srv.get("/api/v1/queue", "display").json()["last_seq"]
        deadline = time.monotonic() + 10
        while display.live.board.last_seq < last and time.monotonic() < deadline:
            time.sleep(0.05)
        assert display.seqs == list(range(display.live.first.last_seq + 1, last + 1))
        display.live.stop()
    finally:
        srv.stop()


def test_workers_refuse_sqlite(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    run = subprocess.run(
        [sys.executable, "-m", "xephang", "server", "--db", db, "--workers", "2", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2 and "--workers needs PostgreSQL" in run.stderr
