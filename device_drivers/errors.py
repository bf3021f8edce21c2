"""The project's own device errors: vendor and OS errors become one of these, with a
reason a person can read (Vietnamese / English)."""

from __future__ import annotations


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
