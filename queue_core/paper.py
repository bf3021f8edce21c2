"""Thermal paper and what a printer is to the rest of XepHang: bytes in, a state out.

Here, in the pure core, because both sides need it and neither may import the other:
the device drivers implement `PrinterTransport`, the ticket printer writes to one.
"""

from __future__ import annotations

from typing import Literal, Protocol

from .device_errors import DeviceState

PaperMm = Literal[58, 80]
DOTS: dict[int, int] = {58: 384, 80: 576}
"""Printable dots across the paper at 203 dpi: 58 mm → 384, 80 mm → 576."""


class PrinterTransport(Protocol):
    def write(self, data: bytes) -> None:
        """Send ESC/POS bytes; raises a DeviceError when the printer cannot take them."""
        ...

    def status(self) -> DeviceState: ...

    def close(self) -> None: ...
