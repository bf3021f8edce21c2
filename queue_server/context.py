"""What every use case works with: the database, the centres, the clock, and how to
wake the event streams after a commit."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .centres import CentreDirectory
from .storage.database import Database

EventRows = list[tuple[int, str, str]]
"""(seq, kind, payload JSON) of events, as the log holds them."""


def _nobody(centre_id: str, seq: int, rows: EventRows | None = None) -> None:
    """No subscribers to wake (a context used without a running server)."""


@dataclass
class ServerContext:
    db: Database
    centres: CentreDirectory
    secret: bytes = b""
    """The installation secret (queue_server.secret): keys every stored request digest."""
    clock: Callable[[], float] = time.time
    notify: Callable[[str, int, EventRows | None], None] = _nobody
    """Called after a commit that appended events: (centre id, its newest sequence, the
    events themselves when the caller has them — the broker then need not read them)."""
    caches: dict[str, Any] = field(default_factory=dict)
    """Per-process read caches, by name (the snapshot cache of the board room)."""
