"""When a centre receives citizens: opening spans per day of the week, and what a kiosk
does outside them. Pure: the caller passes the local time."""

from __future__ import annotations

from datetime import datetime, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SPAN = r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$"


def _span(text: str) -> tuple[time, time]:
    start, end = text.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


class OpeningHours(BaseModel):
    """`[hours]` in the centre file, e.g. weekdays = ["07:30-12:00", "13:00-17:00"]."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    weekdays: list[str] = ["07:30-12:00", "13:00-17:00"]
    """Monday to Friday."""
    saturday: list[str] = []
    sunday: list[str] = []
    outside: Literal["refuse", "notice"] = "notice"
    """Outside the hours the kiosk refuses a number, or issues it with a notice."""
    closed_dates: list[str] = Field(default=[], description="ISO dates: public holidays")

    @field_validator("weekdays", "saturday", "sunday")
    @classmethod
    def _spans(cls, spans: list[str]) -> list[str]:
        import re

        for s in spans:
            if not re.match(SPAN, s) or _span(s)[0] >= _span(s)[1]:
                raise ValueError(f"{s!r}: expected HH:MM-HH:MM with the start first")
        return spans

    def spans_on(self, day: datetime) -> list[tuple[time, time]]:
        if day.date().isoformat() in self.closed_dates:
            return []
        spans = {5: self.saturday, 6: self.sunday}.get(day.weekday(), self.weekdays)
        return [_span(s) for s in spans]

    def is_open(self, at: datetime) -> bool:
        now = at.time()
        return any(start <= now < end for start, end in self.spans_on(at))
