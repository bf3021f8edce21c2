"""A throw-away PostgreSQL server for the tests, started from Debian's binaries.

As root, initdb and postgres refuse to run, so they run as the `postgres` user through
runuser; the data folder lives under /tmp and is removed at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError(
            "PostgreSQL binaries not found under /usr/lib/postgresql: "
            "install the 'postgresql' package (./run test does)"
        )
    return Path(found[-1]).parent


class PostgresServer:
    def __init__(self, durable: bool = False) -> None:
        self.durable = durable
        """fsync on, as in production (benchmarks); tests turn it off for speed."""
        self.bindir = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="xephang-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        self.user = os.environ.get("USER", "postgres")
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            self.user = "postgres"
            shutil.chown(self.root, "postgres", "postgres")
            os.chmod(self.root, 0o700)
        self._n = 0

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True)

    def start(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            self.user,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        conf = (
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.root}'\n"
            f"fsync = {'on' if self.durable else 'off'}\n"
            f"full_page_writes = {'on' if self.durable else 'off'}\n"
            "synchronous_commit = on\nmax_connections = 300\n"
        )
        with open(self.data / "postgresql.conf", "a") as f:
            f.write(conf)
        self.resume()

    def halt(self) -> None:
        """Stop the server, keeping its data (a database outage)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start it again after `halt`."""
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database for one test; returns its SQLAlchemy URL."""
        import psycopg

        self._n += 1
        name = f"xh_{os.getpid()}_{self._n}_{int(time.time() * 1000) % 100000}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
