"""Real printers through python-escpos: USB, serial, network, file (/dev/usb/lp0), CUPS
and Windows raw. Library and OS errors become the project's DeviceError tree."""

from __future__ import annotations

import contextlib
from typing import Any

from queue_core.device_errors import DeviceError, DeviceOffline, DeviceState, error_for_state

from .status import query_state

READABLE = ("Serial", "Network", "Usb")


class EscposTransport:
    def __init__(self, printer: Any, name: str) -> None:
        self.printer = printer
        self.name = name

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except DeviceError:
            raise
        except Exception as e:  # noqa: BLE001 - any vendor/OS error is a device fault here
            raise DeviceOffline(
                f"Không gửi được dữ liệu tới máy in {self.name}",
                f"cannot write to printer {self.name}: {' '.join(str(e).split())}",
            ) from None

    def status(self) -> DeviceState:
        if type(self.printer).__name__ not in READABLE:
            return DeviceState.UNKNOWN
        try:
            return query_state(self._ask)
        except Exception:  # noqa: BLE001 - no answer means we cannot reach it
            return DeviceState.OFFLINE

    def ensure_ready(self) -> DeviceState:
        state = self.status()
        if not state.can_print:
            raise error_for_state(state)
        return state

    def _ask(self, request: bytes) -> int | None:
        kind = type(self.printer).__name__
        dev = self.printer.device
        if kind == "Serial":
            # A printer answers DLE EOT even inside image data; drop any stale answer.
            dev.reset_input_buffer()
        self.printer._raw(request)
        if kind == "Serial":
            got = dev.read(1)
        elif kind == "Network":
            dev.settimeout(0.5)
            try:
                got = dev.recv(1)
            except TimeoutError:
                got = b""
        else:  # Usb
            got = bytes(dev.read(self.printer.in_ep, 16, 500))
        return got[0] if got else None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.printer.close()
