"""`xephang server --workers N`: N server processes accepting on one listening socket.

The parent binds the port once, prepares what every worker shares (the schema, the
centres, the installation secret — made here, so N workers never race to create them),
then starts N `xephang server --fd FD` children that inherit the socket; the kernel hands
each new connection to one of them. A worker that dies is started again; SIGINT/SIGTERM
stop them all. Workers meet only in PostgreSQL (locks, LISTEN/NOTIFY), which is why
SQLite, served by one writer in one process, is refused here."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType

log = logging.getLogger("xephang.workers")

RESTART_DELAY_S = 1.0
STOP_WAIT_S = 10.0


class Supervisor:
    def __init__(self, child_args: Sequence[str], host: str, port: int, workers: int) -> None:
        self.child_args = list(child_args)
        self.workers = workers
        self.sock = socket.create_server((host, port), backlog=4096)
        self.sock.set_inheritable(True)
        self.children: list[subprocess.Popen[bytes]] = []
        self.restarts = 0
        self._stop = threading.Event()

    def spawn(self) -> subprocess.Popen[bytes]:
        fd = self.sock.fileno()
        args = [sys.executable, "-m", "xephang", "server", *self.child_args, "--fd", str(fd)]
        return subprocess.Popen(args, pass_fds=(fd,))

    def run(self) -> int:
        """Until SIGINT/SIGTERM: keep N workers alive."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._on_signal)
        self.children = [self.spawn() for _ in range(self.workers)]
        log.info("%d workers: %s", self.workers, " ".join(str(c.pid) for c in self.children))
        while not self._stop.wait(0.5):
            for i, child in enumerate(self.children):
                code = child.poll()
                if code is not None and not self._stop.is_set():
                    log.warning("worker %d ended (%s); starting another", child.pid, code)
                    time.sleep(RESTART_DELAY_S)
                    self.children[i] = self.spawn()
                    self.restarts += 1
        self.stop()
        return 0

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._stop.set()

    def stop(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_WAIT_S
        for child in self.children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self.sock.close()


def child_arguments(
    *,
    db: str,
    centres: Sequence[str],
    secret_file: str,
    keepalive: float,
    max_streams: int,
    access_log: bool,
    speech: str = "espeak-ng",
    clips: str = "data/clips",
) -> list[str]:
    """The options of `xephang server` a worker is started with (never --workers)."""
    args = ["--db", db, "--secret-file", secret_file, "--keepalive", str(keepalive)]
    args += ["--max-streams", str(max_streams), "--speech", speech, "--clips", clips]
    for c in centres:
        args += ["--centre", c]
    if access_log:
        args.append("--access-log")
    return args
