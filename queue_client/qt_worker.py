"""One background thread per device or server link, for the Qt apps.

Jobs run in order on the worker's thread; each result comes back to the Qt thread
through a queued signal, so widgets are only touched there. The queue is bounded: a
device that hangs makes new jobs fail fast instead of piling up threads (the kiosk used
to start a thread per timer tick).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("xephang.worker")
T = TypeVar("T")


class Worker(QObject):
    """`worker(job, done)` matches `queue_client.background.Background`."""

    _finished = Signal(int)
    """Carries only a job number: the callback and its result stay on the Python side and
    are never converted by PySide6 (whose 6.12.0 miscounted references: setup.cfg)."""

    def __init__(self, name: str, max_pending: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.max_pending = max_pending
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"xephang-{name}")
        self._pending = 0
        self._lock = threading.Lock()
        self._results: dict[int, tuple[Callable[[Any], None], Any]] = {}
        self._numbers = itertools.count()
        self._finished.connect(self._deliver)

    def __call__(self, job: Callable[[], T], done: Callable[[T], None]) -> bool:
        with self._lock:
            if self._pending >= self.max_pending:
                log.warning(
                    "%s worker busy: %d jobs waiting, one refused", self.name, self._pending
                )
                return False
            self._pending += 1
        try:
            self._pool.submit(self._run, job, done)
        except RuntimeError:  # shut down: the app is closing
            with self._lock:
                self._pending -= 1
            return False
        return True

    def pending(self) -> int:
        with self._lock:
            return self._pending

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        try:
            result = job()
        except Exception:  # a job must return its errors; log what slipped through
            log.exception("%s worker: a job failed", self.name)
            with self._lock:
                self._pending -= 1
            return
        number = next(self._numbers)
        with self._lock:
            self._results[number] = (done, result)
        self._finished.emit(number)

    @Slot(int)
    def _deliver(self, number: int) -> None:
        with self._lock:
            self._pending -= 1
            done, result = self._results.pop(number)
        done(result)

    def shutdown(self, wait: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=True)
