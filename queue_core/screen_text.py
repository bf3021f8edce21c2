"""The waiting-room TV's words, shared by the Qt display and the browser display so
both say exactly the same thing (UI.md: the TV)."""

from __future__ import annotations

CENTRE_TITLE = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
IDLE_BANNER = "Quý vị vui lòng theo dõi số thứ tự trên màn hình"
BOARD_CAPTION = "QUẦY  ·  ĐANG PHỤC VỤ"
WAITING_CAPTION = "ĐANG CHỜ"
CALLS_CAPTION = "VỪA GỌI"
PAUSED = "Tạm dừng"
PRIORITY = "ƯU TIÊN"
RECONNECTING = "Đang kết nối lại…"
CALL_LINES = 4
"""VỪA GỌI always has this many lines, so the list never changes height."""
FRESH_S = 60.0
"""Calls older than this (replayed after a long cut) are shown but not spoken."""


def counter_label(counter_number: int) -> str:
    return f"{counter_number:02d}"


def banner_text(number: str, counter_number: int) -> str:
    return f"MỜI CÔNG DÂN SỐ {number} ĐẾN QUẦY {counter_label(counter_number)}"


def recent_call_text(number: str, counter_number: int, recall: bool = False) -> str:
    again = " (gọi lại)" if recall else ""
    return f"{number}  →  Quầy {counter_label(counter_number)}{again}"


def hours_text(working_hours: str) -> str:
    return f"Giờ làm việc: {working_hours}"


def hotline_text(hotline: str) -> str:
    return f"Đường dây nóng: {hotline}"
