"""Opening serial devices (scanners, keypads, LED signs) with one error for all of them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import serial

from queue_core.device_errors import DeviceError, DeviceOffline

log = logging.getLogger("xephang.devices")


def open_serial(
    port: str, baudrate: int, timeout_s: float, what_vi: str, what_en: str
) -> serial.Serial:
    """`port` may be a path or any pyserial URL; failures become DeviceOffline."""
    try:
        port_object: serial.Serial = serial.serial_for_url(
            port, baudrate=baudrate, timeout=timeout_s
        )
        return port_object
    except (serial.SerialException, OSError) as e:
        raise DeviceOffline(
            f"Không mở được {what_vi} {port}", f"cannot open {what_en} {port}: {e}"
        ) from None


def pump(
    read: Callable[[float], str | None],
    emit: Callable[[str], object],
    stop: threading.Event,
    name: str,
) -> None:
    """Read a device until told to stop, handing each result on; a device fault is logged
    and retried after a pause rather than ending the loop (it may be plugged back in)."""
    while not stop.is_set():
        try:
            item = read(0.5)
        except DeviceError as e:
            log.warning("%s: %s", name, e)
            stop.wait(2)
            continue
        if item:
            emit(item)
