"""The shape of a centre's configuration: services, counters, numbering, policy.

These are pydantic models so a TOML file is validated with one clear message per
mistake; they hold no I/O (reading the file is `xephang.configfile`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .hours import OpeningHours

SLUG = r"^[a-z0-9][a-z0-9_-]{0,39}$"


class Strict(BaseModel):
    """Unknown keys are mistakes in a hand-edited file, so they are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CentreInfo(Strict):
    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    address: str = ""
    hotline: str = ""
    working_hours: str = ""
    notice: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    public_url: str = "http://127.0.0.1:8000"
    logo: str = ""
    """A PNG on the server for the kiosk, TV, ticket and phone page; "" is the neutral
    placeholder shipped with XepHang (never a redrawn official emblem)."""


class Policy(Strict):
    priority_interleave: int = Field(default=2, ge=0)
    """At most this many priority calls in a row per counter while normal tickets wait; 0 = no limit."""
    no_show_window_min: int = Field(default=15, ge=0)
    target_wait_min: int = Field(default=30, ge=1)
    recent_service_count: int = Field(default=20, ge=1)
    citizen_retention_hours: int = Field(default=0, ge=0)
    """0 keeps citizen data until the end of the service day; N keeps it N hours after issue."""
    priority_max_wait_min: int = Field(default=20, ge=1)
    """A priority citizen waiting this long is called before the interleave's normal turn."""


class NumberingGroup(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9]{1,4}$")
    prefix: str = Field(default="", pattern=r"^[A-Z]{0,2}$")
    first: int = Field(default=1, ge=0)
    last: int = Field(default=999, ge=1)
    width: int = Field(default=3, ge=1, le=6)

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.last < self.first:
            raise ValueError("last must be at least first")
        if len(str(self.last)) > self.width:
            raise ValueError("width must hold the last number")
        return self


class Procedure(Strict):
    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    name_en: str = ""
    code: str = ""
    papers: list[str] = []
    fee: str = ""
    processing_time: str = ""


class Service(Strict):
    """A domain (lĩnh vực) citizens choose at the kiosk."""

    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    name_en: str = ""
    numbering: str
    avg_service_min: float = Field(default=10.0, gt=0)
    satisfaction_target: float = Field(default=0.90, gt=0, le=1)
    procedures: list[Procedure] = []


class PriorityDesk(Strict):
    """A counter set aside for người cao tuổi, người khuyết tật, phụ nữ mang thai … ."""

    services: list[str] = []
    """The lĩnh vực whose priority citizens it serves; empty: every lĩnh vực."""
    when_idle: Literal["normal", "wait"] = "normal"
    """No priority citizen waiting: call the normal tickets of its own `services`, or wait."""


class Counter(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,16}$")
    number: int = Field(ge=1, le=999)
    name: str = Field(min_length=1)
    location: str = ""
    services: list[str] = Field(min_length=1)
    priority: PriorityDesk | None = None
    """Set: a priority counter (quầy ưu tiên)."""

    def serves_priority_of(self, service_id: str) -> bool:
        """Does this priority counter call the priority citizens of that lĩnh vực?"""
        desk = self.priority
        return desk is not None and (not desk.services or service_id in desk.services)


class PriorityGroup(Strict):
    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    name_en: str = ""
    min_age: int | None = Field(default=None, ge=0)


class SatisfactionLevel(Strict):
    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    name_en: str = ""
    positive: bool = False


class CentreConfig(Strict):
    centre: CentreInfo
    policy: Policy = Policy()
    numbering: list[NumberingGroup] = Field(min_length=1)
    services: list[Service] = Field(min_length=1)
    counters: list[Counter] = Field(min_length=1)
    priority_groups: list[PriorityGroup] = []
    satisfaction_levels: list[SatisfactionLevel] = Field(min_length=2)
    hours: OpeningHours | None = None
    """When citizens are received; None: always (the kiosk never says it is closed)."""

    @model_validator(mode="after")
    def _references(self) -> Self:
        _unique("numbering", [g.id for g in self.numbering])
        _unique("services", [s.id for s in self.services])
        _unique("counters", [c.id for c in self.counters])
        _unique("priority_groups", [p.id for p in self.priority_groups])
        _unique("satisfaction_levels", [s.id for s in self.satisfaction_levels])
        groups = {g.id for g in self.numbering}
        for s in self.services:
            if s.numbering not in groups:
                raise ValueError(f"service {s.id!r} names unknown numbering group {s.numbering!r}")
        known = {s.id for s in self.services}
        for c in self.counters:
            for sid in [*c.services, *(c.priority.services if c.priority else [])]:
                if sid not in known:
                    raise ValueError(f"counter {c.id!r} serves unknown service {sid!r}")
        if not any(level.positive for level in self.satisfaction_levels):
            raise ValueError("at least one satisfaction level must be positive")
        return self

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def counter(self, counter_id: str) -> Counter | None:
        return next((c for c in self.counters if c.id == counter_id), None)

    def priority_counters(self, service_id: str) -> list[Counter]:
        """The priority counters that call this lĩnh vực's priority citizens."""
        return [c for c in self.counters if c.serves_priority_of(service_id)]

    def group(self, group_id: str) -> NumberingGroup:
        return next(g for g in self.numbering if g.id == group_id)

    def priority_group(self, group_id: str) -> PriorityGroup | None:
        return next((p for p in self.priority_groups if p.id == group_id), None)

    def level(self, level_id: str) -> SatisfactionLevel | None:
        return next((lv for lv in self.satisfaction_levels if lv.id == level_id), None)


def counter_list(numbers: Iterable[int]) -> str:
    """Counter numbers as people read them on a screen or a ticket: '01, 02'."""
    return ", ".join(f"{n:02d}" for n in numbers)


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what}: id {i!r} appears twice")
        seen.add(i)
