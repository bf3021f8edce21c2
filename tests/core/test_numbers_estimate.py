"""Numbering, service days at local midnight, the waiting estimate, stats, masking."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from queue_core.centre import NumberingGroup
from queue_core.clock import service_day
from queue_core.errors import Conflict
from queue_core.estimate import estimate_wait_s, recent_service_s
from queue_core.numbering import format_number, next_seq
from queue_core.privacy import mask_id
from queue_core.stats import percentile, summarize


def test_numbers() -> None:
    a = NumberingGroup(id="A", prefix="A", first=1, last=999, width=3)
    assert format_number(a, next_seq(a, None)) == "A001"
    assert format_number(a, next_seq(a, 4)) == "A005"
    b = NumberingGroup(id="1", first=1001, last=1999, width=4)
    assert format_number(b, next_seq(b, None)) == "1001"
    with pytest.raises(Conflict) as e:
        next_seq(b, 1999)
    assert e.value.code == "numbers_exhausted"


def test_service_day_turns_at_vietnam_midnight() -> None:
    before = datetime(2025, 5, 26, 16, 59, 59, tzinfo=UTC).timestamp()  # 23:59:59 in Hà Nội
    after = datetime(2025, 5, 26, 17, 0, 0, tzinfo=UTC).timestamp()  # 00:00:00 on the 27th
    assert service_day(before) == date(2025, 5, 26)
    assert service_day(after) == date(2025, 5, 27)


def test_estimate() -> None:
    assert recent_service_s([], 480.0) == 480.0
    assert recent_service_s([300.0, 600.0, 0.0], 480.0) == 450.0
    assert estimate_wait_s(7, 450.0, 3) == 1050
    assert estimate_wait_s(0, 450.0, 3) == 0
    assert estimate_wait_s(5, 450.0, 0) is None


def test_stats_by_hand() -> None:
    values = [60.0, 120.0, 180.0, 240.0, 300.0, 360.0, 420.0, 480.0, 540.0, 600.0]
    assert percentile(values, 90) == 540.0
    assert summarize(values) == {"mean": 330.0, "median": 330.0, "p90": 540.0, "max": 600.0}
    assert summarize([]) == {"mean": None, "median": None, "p90": None, "max": None}


def test_mask() -> None:
    assert mask_id("001099012345") == "0010******45"
    assert "099012" not in mask_id("001099012345")
