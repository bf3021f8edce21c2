"""Request bodies: strict, so an unknown field or a wrong type is a 422 with a reason."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

KEY = Field(min_length=8, max_length=80, pattern=r"^[A-Za-z0-9._:-]+$")
ID = Field(min_length=1, max_length=40)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        """No text field may hold a NUL character (PostgreSQL cannot store one)."""
        if _has_nul(data):
            raise ValueError("text must not contain a NUL character (\\u0000)")
        return data


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class Mutation(Body):
    idempotency_key: str = KEY
    """Made by the client for each user action; a retry sends the same key."""


class CitizenIn(Body):
    name: str | None = Field(default=None, max_length=100)
    id_number: str | None = Field(default=None, pattern=r"^[0-9]{12}$")
    """Masked on arrival; the full number is never stored or logged."""
    id_masked: str | None = Field(default=None, pattern=r"^[0-9]{4}\*{6}[0-9]{2}$")
    """What a kiosk should send instead: '0010******45'."""
    birth_year: int | None = Field(default=None, ge=1900, le=2100)


class OfflineIn(Body):
    """A ticket a kiosk issued while the server was unreachable, synced later."""

    kiosk_code: str = Field(pattern=r"^[A-Z][A-Z0-9]{0,2}$")
    seq_no: int = Field(ge=1, le=999)
    issued_at: AwareDatetime


class IssueIn(Mutation):
    service_id: str = ID
    procedure_id: str | None = Field(default=None, max_length=40)
    priority: str | None = Field(default=None, max_length=40)
    citizen: CitizenIn | None = None
    offline: OfflineIn | None = None


class HealthIn(Mutation):
    state: str = Field(pattern=r"^(ready|paper_low|paper_out|cover_open|offline|error|unknown)$")
    device: str = Field(default="printer", pattern=r"^(printer|scanner|keypad|led|audio|screen)$")
    detail: str = Field(default="", max_length=200)


class HelpIn(Mutation):
    """A kiosk's help button was pressed: a citizen there needs a member of staff."""

    detail: str = Field(default="", max_length=100)


class PairingIn(Body):
    """A TV asks to be paired: the token it made for itself (it becomes its display
    token once staff accept the code; the server keeps only its digest)."""

    token: str = Field(pattern=r"^xhd_[A-Za-z0-9_-]{40,64}$")


class AcceptPairingIn(Body):
    """Staff enter the code a TV shows: the screen's label, and its zone (counter ids)."""

    label: str = Field(pattern=r"^[A-Za-z0-9._-]{1,40}$")
    zone: list[str] = Field(default=[], max_length=64)
    name: str = Field(default="", max_length=100)


class CallNextIn(Mutation):
    ticket_id: str | None = Field(default=None, max_length=32)
    """Call this waiting ticket out of turn instead of the next in line."""


class RecallIn(Mutation):
    counter_id: str | None = Field(default=None, max_length=16)


class TransferIn(Mutation):
    service_id: str | None = Field(default=None, max_length=40)
    counter_id: str | None = Field(default=None, max_length=16)


class RatingIn(Mutation):
    ticket_id: str = Field(min_length=1, max_length=32)
    level: str = ID
    reasons: list[str] = Field(default=[], max_length=8)


class LoginIn(Body):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    counter_id: str | None = Field(default=None, max_length=16)
    """The counter the officer works at: the session may act for that counter only."""


class TicketAction(StrEnum):
    """The state changes an officer makes on one ticket (POST /tickets/{id}/{action})."""

    RECALL = "recall"
    NO_SHOW = "no-show"
    START = "start"
    FINISH = "finish"
    TRANSFER = "transfer"
    CANCEL = "cancel"
