"""Real-time status (DLE EOT n) of ESC/POS printers, as Epson documents the bits."""

from __future__ import annotations

from collections.abc import Callable

from queue_core.device_errors import DeviceState

DLE_EOT = b"\x10\x04"
PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, PAPER = 1, 2, 3, 4


def decode(printer: int, offline: int, paper: int) -> DeviceState:
    if offline & 0x04:
        return DeviceState.COVER_OPEN
    if paper & 0x60 or offline & 0x20:
        return DeviceState.PAPER_OUT
    if offline & 0x40 or printer & 0x08:
        return DeviceState.ERROR
    if paper & 0x0C:
        return DeviceState.PAPER_LOW
    return DeviceState.READY


def query_state(ask: Callable[[bytes], int | None]) -> DeviceState:
    """`ask(request)` sends one DLE EOT request and returns the status byte, or None."""
    printer = ask(DLE_EOT + bytes([PRINTER]))
    if printer is None:
        return DeviceState.OFFLINE
    offline = ask(DLE_EOT + bytes([OFFLINE_CAUSE]))
    paper = ask(DLE_EOT + bytes([PAPER]))
    if offline is None or paper is None:
        return DeviceState.OFFLINE
    return decode(printer, offline, paper)


def encode(state: DeviceState) -> dict[int, int]:
    """The bytes a printer in `state` answers to each DLE EOT n (for simulators)."""
    base = 0x12  # bits 1 and 4 are always set
    printer, offline, paper = base, base, base
    if state is DeviceState.COVER_OPEN:
        offline |= 0x04
        printer |= 0x08
    elif state is DeviceState.PAPER_OUT:
        paper |= 0x60
        offline |= 0x20
        printer |= 0x08
    elif state is DeviceState.PAPER_LOW:
        paper |= 0x0C
    elif state is DeviceState.ERROR:
        offline |= 0x40
        printer |= 0x08
    return {PRINTER: printer, OFFLINE_CAUSE: offline, ERROR_CAUSE: base, PAPER: paper}
