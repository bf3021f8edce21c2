"""Run the real `xephang server` in a child process on a loopback port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import requests

from queue_core.centre import CentreConfig
from queue_server.app import register_centres
from queue_server.auth import Authenticator, Role
from queue_server.storage.database import Database
from xephang.configfile import load_toml
from xephang.paths import DEFAULT_CENTRE

from .postgres import free_port

CENTRE = load_toml(DEFAULT_CENTRE, CentreConfig)


class ServerProcess:
    """A server child process plus the tokens the tests use to talk to it."""

    def __init__(self, db_url: str, workdir: Path, centre_files: Sequence[Path] = ()) -> None:
        self.db_url = db_url
        self.workdir = workdir
        self.centre_files = list(centre_files) or [DEFAULT_CENTRE]
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / f"server-{self.port}.log"
        db = Database(db_url)
        db.ensure_schema()
        centres = [load_toml(p, CentreConfig) for p in self.centre_files]
        register_centres(db, centres)
        auth = Authenticator(db)
        cid = centres[0].centre.id
        self.tokens: dict[str, str] = {
            role.value: auth.add_device(cid, role, f"test {role.value}") for role in Role
        }
        self.tokens["counter-01"] = auth.add_device(cid, Role.COUNTER, "bound 01", "01")
        auth.add_staff(cid, f"canbo{self.port}", "Trần Thị Bình", Role.COUNTER, "mat-khau-123")
        self.staff_username = f"canbo{self.port}"
        db.dispose()

    def start(self, extra: Sequence[str] = ()) -> ServerProcess:
        args = [
            sys.executable,
            "-m",
            "xephang",
            "server",
            "--db",
            self.db_url,
            "--port",
            str(self.port),
        ]
        for f in self.centre_files:
            args += ["--centre", str(f)]
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([*args, *extra], stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()}")
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    # ------------------------------------------------------------------ requests
    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def post(self, path: str, role: str, body: Any = None, **kw: Any) -> requests.Response:
        return requests.post(
            self.base + path, json=body, headers=self.headers(role), timeout=10, **kw
        )

    def get(self, path: str, role: str, **kw: Any) -> requests.Response:
        return requests.get(self.base + path, headers=self.headers(role), timeout=10, **kw)
