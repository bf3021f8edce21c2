"""Waiting-time estimate: tickets ahead × recent service time ÷ open counters."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean


def recent_service_s(durations_s: Sequence[float], default_s: float) -> float:
    """Mean of the latest service durations, or the configured default before any."""
    usable = [d for d in durations_s if d > 0]
    return fmean(usable) if usable else default_s


def estimate_wait_s(ahead: int, service_s: float, open_counters: int) -> int | None:
    """Seconds until this ticket is likely called; None when no counter is open for it."""
    if open_counters <= 0:
        return None
    return round(ahead * service_s / open_counters)
