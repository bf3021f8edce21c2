"""What a printer is to the rest of XepHang: bytes in, a state out."""

from __future__ import annotations

from typing import Protocol

from queue_core.device_errors import DeviceState


class PrinterTransport(Protocol):
    def write(self, data: bytes) -> None:
        """Send ESC/POS bytes; raises a DeviceError when the printer cannot take them."""
        ...

    def status(self) -> DeviceState: ...

    def close(self) -> None: ...
