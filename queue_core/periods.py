"""Reporting periods. Quarters run from the 15th of the month before the quarter to the
14th of its last month (Q1 2025: 15/12/2024 – 14/03/2025); the year from 15 December to
14 December. Days and months are calendar ones."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from .errors import Invalid


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    label: str


def quarter(year: int, q: int) -> Period:
    if q not in (1, 2, 3, 4):
        raise Invalid("bad_period", "Quý phải từ 1 đến 4", "The quarter must be 1 to 4")
    end_month = 3 * q
    start_month, start_year = end_month - 3, year
    if start_month == 0:
        start_month, start_year = 12, year - 1
    return Period(date(start_year, start_month, 15), date(year, end_month, 14), f"Quý {q}/{year}")


def year_period(year: int) -> Period:
    return Period(date(year - 1, 12, 15), date(year, 12, 14), f"Năm {year}")


def month(year: int, m: int) -> Period:
    return Period(date(year, m, 1), date(year, m, monthrange(year, m)[1]), f"Tháng {m:02d}/{year}")


def parse_period(text: str) -> Period:
    """'day:2025-05-27', 'month:2025-05', 'quarter:2025Q4', 'year:2025'."""
    kind, _, value = text.strip().partition(":")
    try:
        if kind == "day":
            d = date.fromisoformat(value)
            return Period(d, d, f"Ngày {d:%d/%m/%Y}")
        if kind == "month" and (m := re.fullmatch(r"([0-9]{4})-([0-9]{2})", value)):
            return month(int(m[1]), int(m[2]))
        if kind == "quarter" and (m := re.fullmatch(r"([0-9]{4})Q([1-4])", value.upper())):
            return quarter(int(m[1]), int(m[2]))
        if kind == "year" and re.fullmatch(r"[0-9]{4}", value):
            return year_period(int(value))
    except ValueError:
        pass
    raise Invalid(
        "bad_period",
        f"Kỳ báo cáo không hợp lệ: {text!r} (ví dụ quarter:2025Q4)",
        f"Not a reporting period: {text!r} (e.g. day:2025-05-27, month:2025-05, quarter:2025Q4, year:2025)",
    )


def days(period: Period) -> int:
    return (period.last - period.first).days + 1


def span(first: date, last: date) -> Period:
    if last < first:
        raise Invalid("bad_range", "Ngày kết thúc trước ngày bắt đầu", "'to' is before 'from'")
    return Period(first, last, f"{first:%d/%m/%Y} – {last:%d/%m/%Y}")
