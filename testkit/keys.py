"""Fresh idempotency keys, unique across processes."""

from __future__ import annotations

import itertools
import os

_keys = itertools.count()


def key(prefix: str = "k") -> str:
    return f"{prefix}-{os.getpid()}-{next(_keys):06d}"
