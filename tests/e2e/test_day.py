"""A compressed day through the real API, with the server killed and restarted in the
middle: every ticket ends in a final state and the report's totals equal what the
simulation did — nothing lost, nothing doubled."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from queue_client.api import ApiClient
from testkit.servers import ServerProcess
from xephang.day_sim import DaySim

pytestmark = pytest.mark.slow


def test_compressed_day_with_a_server_restart(tmp_path: Path) -> None:
    srv = ServerProcess(f"sqlite:///{tmp_path / 'day.db'}", tmp_path).start()
    try:
        centre = ApiClient(srv.base, srv.tokens["kiosk"]).centre()
        sim = DaySim(srv.base, srv.tokens, centre, speed=1500, scale=0.25, seed=7)

        def outage() -> None:
            time.sleep(3)
            srv.kill()  # kill -9 in the middle of the day
            time.sleep(1)
            srv.start()

        t = threading.Thread(target=outage)
        t.start()
        tally = sim.run()
        t.join()
        assert not tally.errors, tally.errors[:3]
        assert tally.issued > 60 and tally.served > 50 and tally.ratings > 20
        report = srv.get("/api/v1/reports/summary", "manager").json()["totals"]
        assert report["issued"] == tally.issued
        assert report["served"] == tally.served
        assert report["no_show"] == tally.no_show
        assert report["transferred"] == tally.transferred
        assert report["ratings"] == tally.ratings
        assert report["waiting_or_open"] == 0  # every ticket ended in a final state
        queue = srv.get("/api/v1/queue", "display").json()
        assert sum(w["count"] for w in queue["waiting"]) == 0
        assert all(c["current"] is None for c in queue["counters"])
    finally:
        srv.stop()


def test_simulate_command_ends_with_the_report() -> None:
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "xephang", "simulate", "--day", "--speed", "3000", "--scale", "0.1"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert (
        "simulated a day" in run.stdout
        and "Theo lĩnh vực" in run.stdout
        and "Hộ tịch" in run.stdout
    )
