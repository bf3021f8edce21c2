"""Local time of the centre: service days start at local midnight in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(epoch_s: float, tz: ZoneInfo = VIETNAM) -> datetime:
    """The wall-clock time at the centre for a UTC epoch timestamp."""
    return datetime.fromtimestamp(epoch_s, tz=UTC).astimezone(tz)


def service_day(epoch_s: float, tz: ZoneInfo = VIETNAM) -> date:
    """The centre-day a moment belongs to; numbers restart when it changes."""
    return local_time(epoch_s, tz).date()


def iso_local(epoch_s: float | None, tz: ZoneInfo = VIETNAM) -> str | None:
    """ISO 8601 with the centre's offset, or None for a moment that has not happened."""
    if epoch_s is None:
        return None
    return local_time(epoch_s, tz).isoformat(timespec="seconds")


def epoch_of(iso: str | None) -> float:
    """Epoch seconds of an ISO time from the API; 0 for a moment that has not happened."""
    return datetime.fromisoformat(iso).timestamp() if iso else 0.0
