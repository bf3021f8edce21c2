"""The project's own device states and errors: vendor and OS errors become one of these,
with a reason a person can read (Vietnamese / English). Pure values, so the domain, the
drivers and the ticket printer share them without importing each other."""

from __future__ import annotations

from enum import StrEnum


class DeviceState(StrEnum):
    READY = "ready"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    UNKNOWN = "unknown"
    """The transport cannot read status (a file, CUPS): assume it prints."""

    @property
    def can_print(self) -> bool:
        return self in (DeviceState.READY, DeviceState.PAPER_LOW, DeviceState.UNKNOWN)


class DeviceError(Exception):
    """A device could not do what was asked."""

    state = "error"

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")
        self.vi = vi
        self.en = en


class DeviceOffline(DeviceError):
    """Unplugged, powered off, or not reachable."""

    state = "offline"


class PaperOut(DeviceError):
    state = "paper_out"


class CoverOpen(DeviceError):
    state = "cover_open"


class BadDeviceUrl(DeviceError):
    """The configured device URL names no known driver or is malformed."""


def error_for_state(state: DeviceState, vi: str = "Máy in", en: str = "Printer") -> DeviceError:
    """The error a device in `state` raises when asked to work."""
    if state is DeviceState.PAPER_OUT:
        return PaperOut(f"{vi} hết giấy", f"{en} is out of paper")
    if state is DeviceState.COVER_OPEN:
        return CoverOpen(f"{vi} đang mở nắp", f"{en} cover is open")
    if state is DeviceState.OFFLINE:
        return DeviceOffline(f"{vi} mất kết nối", f"{en} is offline or unplugged")
    return DeviceError(f"{vi} đang báo lỗi", f"{en} reports an error ({state.value})")
