"""Outages say so: a full disk or a stopped database is a 503 with Retry-After and a
message in both languages, one log line per outage instead of a traceback per request,
/healthz fails while a write fails, and the server recovers without a restart. Starting
on a database it cannot reach is one line, not a traceback."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from testkit.keys import key
from testkit.postgres import PostgresServer
from testkit.servers import ServerProcess


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "3m") -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Take every free byte of the filesystem."""
    ballast = folder / "ballast"
    with open(ballast, "wb") as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 65536)
            f.flush()
    return ballast


def issue(srv: ServerProcess) -> requests.Response:
    return requests.post(
        srv.base + "/api/v1/tickets",
        json={"service_id": "ho-tich", "idempotency_key": key()},
        headers=srv.headers("kiosk"),
        timeout=10,
    )


def outage_lines(srv: ServerProcess) -> list[str]:
    return [x for x in srv.log_path.read_text().splitlines() if "database unavailable" in x]


@pytest.mark.slow
def test_a_full_disk_is_a_503_and_the_server_recovers(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        srv = ServerProcess(f"sqlite:///{disk / 'x.db'}", tmp_path).start()
        try:
            assert issue(srv).status_code == 201
            ballast = fill(disk)
            answers = [issue(srv) for _ in range(30)]
            full = [a for a in answers if a.status_code == 503]
            assert full and all(a.status_code in (201, 503) for a in answers)
            assert full[-1].json()["error"]["code"] == "database_unavailable"
            assert " / " in full[-1].json()["error"]["message"]
            assert int(full[-1].headers["retry-after"]) >= 1
            health = requests.get(srv.base + "/healthz", timeout=10)
            assert health.status_code == 503 and health.json()["database"] == "down"
            assert len(outage_lines(srv)) == 1  # one line, however many requests failed
            assert "Traceback" not in srv.log_path.read_text()
            ballast.unlink()
            assert issue(srv).status_code == 201  # no restart needed
            assert requests.get(srv.base + "/healthz", timeout=10).status_code == 200
        finally:
            srv.stop()


@pytest.mark.slow
@pytest.mark.postgres
def test_postgres_stopped_is_a_503_and_started_again_is_fine(tmp_path: Path) -> None:
    pg = PostgresServer()
    pg.start()
    try:
        srv = ServerProcess(pg.new_database(), tmp_path).start()
        try:
            assert issue(srv).status_code == 201
            pg.halt()
            answers = [issue(srv) for _ in range(20)]
            assert {a.status_code for a in answers} == {503}
            assert all("retry-after" in a.headers for a in answers)
            assert requests.get(srv.base + "/healthz", timeout=10).status_code == 503
            assert len(outage_lines(srv)) == 1
            pg.resume()
            for _ in range(50):  # the pool notices the new server at the next checkout
                if issue(srv).status_code == 201:
                    break
            else:
                raise AssertionError("the server did not come back with PostgreSQL")
        finally:
            srv.stop()
    finally:
        pg.stop()


def test_starting_on_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "xephang",
            "server",
            "--db",
            "postgresql+psycopg://nobody@127.0.0.1:9/none",
            "--secret-file",
            str(tmp_path / "k"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PGCONNECT_TIMEOUT": "2"},
    )
    assert run.returncode == 2
    lines = [x for x in run.stderr.splitlines() if x.startswith("xephang server:")]
    assert len(lines) == 1 and "cannot open the database" in lines[0]
    assert "Traceback" not in run.stderr
