"""The real server to test against, three ways, with the same face:

- `InProcessServer`: the ASGI app called in this process (no socket) — most tests;
- `ThreadServer`: uvicorn in a thread of this process on a loopback port — tests that
  need a socket (a proxy to cut, a browser, requests' streaming);
- `ServerProcess`: `xephang server` in a child process — kill -9, restarts, two processes.

Each is provisioned the same way: a token for every role, a device bound to counter 01
('counter-01'), and a staff account (`staff_username`, password 'mat-khau-123').
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import requests

from queue_client.api import ApiClient
from queue_client.asgi import AppTransport
from queue_client.transport import HttpTransport, Stream, Transport
from queue_core.centre import CentreConfig
from queue_server.app import ServerSettings, create_app
from queue_server.auth import hash_password
from queue_server.provision import DeviceSpec, Role, StaffSpec, provision
from queue_server.serve import BackgroundServer
from xephang.configfile import load_toml
from xephang.paths import DEFAULT_CENTRE

from .links import CuttableLink
from .postgres import free_port

CENTRE = load_toml(DEFAULT_CENTRE, CentreConfig)
STAFF_PASSWORD = "mat-khau-123"
_serial = itertools.count(1)


@cache
def staff_password_hash() -> str:
    """The test accounts' password, hashed once per test run (scrypt at production cost
    takes half a second; every test server makes an account)."""
    return hash_password(STAFF_PASSWORD)


class Answer(Protocol):
    """A requests.Response or a queue_client Reply: what the tests read of an answer."""

    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def headers(self) -> Any: ...

    def json(self) -> Any: ...


class _Provisioned:
    transport: Transport
    base: str

    overrides: dict[str, Any] = {}  # noqa: RUF012 - replaced per instance, never mutated
    """ServerSettings fields a test sets (e.g. a long poll, to prove NOTIFY did it)."""

    def __init__(self, db_url: str, workdir: Path, centre_files: Sequence[Path] = ()) -> None:
        self.db_url = db_url
        self.workdir = workdir
        self.centre_files = list(centre_files) or [DEFAULT_CENTRE]
        self.centres = [load_toml(p, CentreConfig) for p in self.centre_files]
        self.staff_username = f"canbo{os.getpid()}x{next(_serial)}"
        devices = [DeviceSpec(r.value, r, f"test {r.value}") for r in Role]
        devices.append(DeviceSpec("counter-01", Role.COUNTER, "bound 01", "01"))
        staff = [
            StaffSpec(
                self.staff_username,
                "Trần Thị Bình",
                Role.COUNTER,
                STAFF_PASSWORD,
                password_hash=staff_password_hash(),
            )
        ]
        self.tokens: dict[str, str] = provision(db_url, self.centres, devices, staff)

    @property
    def secret_file(self) -> Path:
        return self.workdir / "installation.key"

    def settings(self) -> ServerSettings:
        return ServerSettings(
            db_url=self.db_url,
            centres=self.centres,
            secret_file=str(self.secret_file),
            **self.overrides,
        )

    def headers(self, role: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}

    def events(self, path: str, role: str = "display", **headers: str) -> Stream:
        """The event stream at `path` (with its query), read line by line."""
        return self.transport.stream(
            path, headers={**self.headers(role), **headers}, timeout_s=(5, 10)
        )

    def api(self, role: str | None = None, timeout_s: float = 5.0) -> ApiClient:
        """The typed client, as this role, over this server's transport."""
        return ApiClient(self.transport, self.tokens[role] if role else "", timeout_s=timeout_s)

    # ------------------------------------------------------------------ raw requests
    def request(
        self,
        method: str,
        path: str,
        role: str | None = None,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Answer:
        hdrs = {**self.headers(role), **(headers or {})}
        return requests.request(
            method,
            self.base + path,
            json=json,
            data=data,
            headers=hdrs,
            params=params,
            timeout=10,
        )

    def post(self, path: str, role: str | None, body: Any = None, **kw: Any) -> Answer:
        return self.request("POST", path, role, json=body, **kw)

    def get(self, path: str, role: str | None = None, **kw: Any) -> Answer:
        return self.request("GET", path, role, **kw)


class InProcessServer(_Provisioned):
    """Devices reach it through `link` (`transport`), which a test can cut; the test's
    own raw requests (`get`, `post`) never go through the link."""

    def start(self) -> InProcessServer:
        self.app_transport = AppTransport(create_app(self.settings()))
        self.link = CuttableLink(self.app_transport)
        self.transport = self.link
        self.base = self.app_transport.base_url
        return self

    def stop(self) -> None:
        self.app_transport.close()

    def request(
        self,
        method: str,
        path: str,
        role: str | None = None,
        *,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Answer:
        hdrs = {**self.headers(role), **(headers or {})}
        if data is None:
            return self.app_transport.request(method, path, json=json, headers=hdrs, params=params)
        return self.app_transport.send(method, path, data, headers=hdrs, params=params)

    def events(self, path: str, role: str = "display", **headers: str) -> Stream:
        return self.app_transport.stream(
            path, headers={**self.headers(role), **headers}, timeout_s=(5, 10)
        )


class ThreadServer(_Provisioned):
    def start(self) -> ThreadServer:
        self.port = free_port()
        self.server = BackgroundServer(create_app(self.settings()), self.port).start()
        self.base = self.server.base
        self.transport = HttpTransport(self.base)
        return self

    def stop(self) -> None:
        self.server.stop()


class ServerProcess(_Provisioned):
    """A server child process plus the tokens the tests use to talk to it."""

    def __init__(self, db_url: str, workdir: Path, centre_files: Sequence[Path] = ()) -> None:
        super().__init__(db_url, workdir, centre_files)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.transport = HttpTransport(self.base)
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / f"server-{self.port}.log"
        self.preexec: Callable[[], None] | None = None
        """Run in the child before the server starts (e.g. to lower its file limit)."""

    def start(self, extra: Sequence[str] = ()) -> ServerProcess:
        args = [sys.executable, "-m", "xephang", "server", "--db", self.db_url]
        args += ["--port", str(self.port), "--secret-file", str(self.secret_file)]
        for f in self.centre_files:
            args += ["--centre", str(f)]
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [*args, *extra],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=self.preexec,  # noqa: PLW1509 - only a resource limit, no threads yet
        )
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


TestServer = InProcessServer | ThreadServer | ServerProcess
