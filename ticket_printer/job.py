"""Print one ticket: check the printer, send the bytes, check again.

A DeviceError says why it failed; the caller (the kiosk) decides what to tell the
citizen. The state after printing is returned so paper-low can be reported.
"""

from __future__ import annotations

from queue_core.device_errors import DeviceState, error_for_state
from queue_core.paper import PrinterTransport


def print_bytes(transport: PrinterTransport, data: bytes) -> DeviceState:
    before = transport.status()
    if not before.can_print:
        raise error_for_state(before)
    transport.write(data)
    after = transport.status()
    if not after.can_print:
        raise error_for_state(after)  # it ran out or opened while printing: reprint
    return after
