"""Login back-off, kept in the database so every server process sees the same count:
after a few failures for one username (or from one client address) each further
failure doubles the wait, up to a cap. While a key waits, even the right password is
refused with 429 and Retry-After: otherwise guessing would simply continue."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..storage import throttle as rows
from ..storage.database import Database


@dataclass(frozen=True)
class Policy:
    free_failures: int
    """Failures allowed before any wait."""
    first_wait_s: float = 2.0
    max_wait_s: float = 900.0
    forget_after_s: float = 3600.0
    """A key untouched this long starts again from zero."""


USERNAME = Policy(free_failures=5)
ADDRESS = Policy(free_failures=20)
"""An office behind one address has many people typing: a larger allowance."""


class LoginThrottle:
    def __init__(self, db: Database) -> None:
        self.db = db

    def wait_s(self, keys: list[tuple[str, Policy]], now: float) -> float:
        """How long the caller must still wait (0: may try now)."""
        with self.db.read() as conn:
            found = rows.get_many(conn, [k for k, _ in keys])
        wait = 0.0
        for key, policy in keys:
            row = found.get(key)
            if row is not None and now - row["last_at"] < policy.forget_after_s:
                wait = max(wait, row["locked_until"] - now)
        return max(0.0, wait)

    def failed(self, keys: list[tuple[str, Policy]], now: float) -> float:
        """Count a failure on each key; the longest wait it now imposes."""
        longest = 0.0
        with self.db.write() as conn:
            found = rows.get_many(conn, [k for k, _ in keys])
            for key, policy in keys:
                row = found.get(key)
                fresh = row is None or now - row["last_at"] >= policy.forget_after_s
                failures = 1 if fresh or row is None else int(row["failures"]) + 1
                over = failures - policy.free_failures
                wait = (
                    0.0
                    if over <= 0
                    else min(policy.max_wait_s, policy.first_wait_s * 2 ** (over - 1))
                )
                rows.put(conn, key, failures, now, now + wait, exists=row is not None)
                longest = max(longest, wait)
        return longest

    def succeeded(self, keys: list[str]) -> None:
        with self.db.write() as conn:
            rows.forget(conn, keys)


def retry_after(wait_s: float) -> str:
    """The Retry-After header's whole seconds (at least 1)."""
    return str(max(1, math.ceil(wait_s)))
