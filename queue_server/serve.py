"""The one place uvicorn is started: in the foreground for `xephang server`, or in a
background thread for the demo and the simulator."""

from __future__ import annotations

import threading
import time

import uvicorn
from fastapi import FastAPI

from .http.guard import RESERVED_FDS, GuardedHttp, raise_fd_limit


def uvicorn_server(
    app: FastAPI,
    host: str,
    port: int,
    *,
    log_level: str = "warning",
    access_log: bool = False,
    request_timeout_s: float = 10.0,
    fd: int | None = None,
) -> uvicorn.Server:
    """A server to `run()` (it handles SIGINT/SIGTERM) or to stop with `should_exit`.

    Connections are guarded (queue_server.http.guard): a request must arrive whole within
    `request_timeout_s`, and their number stays below the file-descriptor limit. With
    `fd` it accepts on a socket it inherited (one of `xephang server --workers N`)."""
    fds = raise_fd_limit()
    protocol = type(
        "Guarded",
        (GuardedHttp,),
        {"request_timeout_s": request_timeout_s, "max_connections": max(64, fds - RESERVED_FDS)},
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        fd=fd,
        log_level=log_level,
        access_log=access_log,
        timeout_graceful_shutdown=3,  # open SSE streams must not hold a restart hostage
        server_header=False,  # no "server: uvicorn" banner
        http=protocol,
        timeout_keep_alive=5,
    )
    return uvicorn.Server(config)


def serve(
    app: FastAPI, host: str, port: int, *, access_log: bool = False, fd: int | None = None
) -> None:
    """Serve until interrupted (SIGINT/SIGTERM)."""
    uvicorn_server(app, host, port, log_level="info", access_log=access_log, fd=fd).run()


class BackgroundServer:
    """The app served from a thread of this process, on a loopback port."""

    def __init__(self, app: FastAPI, port: int, host: str = "127.0.0.1") -> None:
        self.server = uvicorn_server(app, host, port)
        self.base = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def start(self, timeout_s: float = 30.0) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start on {self.base}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
