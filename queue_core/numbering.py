"""Ticket numbers: per centre, per service day and per numbering group, never reused."""

from __future__ import annotations

from .centre import NumberingGroup
from .errors import Conflict


def format_number(group: NumberingGroup, seq_no: int) -> str:
    """'A' + 5 with width 3 → 'A005'; no prefix, 1023 with width 4 → '1023'."""
    return f"{group.prefix}{seq_no:0{group.width}d}"


def next_seq(group: NumberingGroup, last: int | None) -> int:
    """The next number of the day, or Conflict when the group's range is used up."""
    seq = group.first if last is None else last + 1
    if seq > group.last:
        raise Conflict(
            "numbers_exhausted",
            f"Đã hết số thứ tự của nhóm {group.id} trong ngày",
            f"Numbering group {group.id} has no numbers left today",
        )
    return seq


def offline_number(kiosk_code: str, seq_no: int) -> str:
    """'K1' + 5 → 'K1-005'. Server numbers never hold a hyphen, so these never collide."""
    return f"{kiosk_code}-{seq_no:03d}"


def offline_group(kiosk_code: str) -> str:
    """Each kiosk's offline tickets form their own numbering group for the day."""
    return f"~{kiosk_code}"
