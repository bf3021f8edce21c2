"""Reporting periods, with the 14th/15th boundaries."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from queue_core.errors import Invalid
from queue_core.periods import parse_period


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("quarter:2025Q1", date(2024, 12, 15), date(2025, 3, 14)),
        ("quarter:2025Q2", date(2025, 3, 15), date(2025, 6, 14)),
        ("quarter:2025Q3", date(2025, 6, 15), date(2025, 9, 14)),
        ("quarter:2025q4", date(2025, 9, 15), date(2025, 12, 14)),
        ("year:2025", date(2024, 12, 15), date(2025, 12, 14)),
        ("month:2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("day:2025-05-27", date(2025, 5, 27), date(2025, 5, 27)),
    ],
)
def test_periods(text: str, first: date, last: date) -> None:
    p = parse_period(text)
    assert (p.first, p.last) == (first, last)


def test_quarters_tile_the_year() -> None:
    qs = [parse_period(f"quarter:2025Q{q}") for q in range(1, 5)]
    year = parse_period("year:2025")
    assert qs[0].first == year.first and qs[-1].last == year.last
    for a, b in itertools.pairwise(qs):
        assert (b.first - a.last).days == 1


@pytest.mark.parametrize(
    "bad", ["quarter:2025Q5", "week:12", "month:2025-13", "day:2025-02-30", "year:25"]
)
def test_bad_periods(bad: str) -> None:
    with pytest.raises(Invalid) as e:
        parse_period(bad)
    assert e.value.code == "bad_period"
