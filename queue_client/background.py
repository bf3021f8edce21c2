"""How presenters hand slow work (network, devices) off the UI thread.

A presenter is given a `Background`: it calls `run(job, done)`; `job` runs somewhere
else and `done(result)` runs back on the presenter's own thread. `inline` runs both at
once, for tests and the headless keypad loop; the Qt apps pass a `qt_worker.Worker`.
A job catches its own errors and returns them as part of its result, so `done` always
runs and nothing is lost on the way back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Background(Protocol):
    def __call__(self, job: Callable[[], T], done: Callable[[T], None]) -> bool:
        """Queue `job`; False when the worker is too far behind to take it."""
        ...


def inline(job: Callable[[], T], done: Callable[[T], None]) -> bool:
    """Run now, on this thread."""
    done(job())
    return True
