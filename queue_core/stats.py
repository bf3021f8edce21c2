"""Small statistics for reports: mean, median, 90th percentile (nearest rank), max."""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import fmean, median


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "median": None, "p90": None, "max": None}
    return {
        "mean": round(fmean(values), 1),
        "median": round(float(median(values)), 1),
        "p90": round(float(percentile(values, 90) or 0.0), 1),
        "max": round(max(values), 1),
    }


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
