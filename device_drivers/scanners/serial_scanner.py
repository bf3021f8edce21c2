"""A QR scanner in USB-CDC (virtual serial port) mode, read with pyserial."""

from __future__ import annotations

import collections
import time

import serial

from queue_core.device_errors import DeviceOffline

from ..serial_port import open_serial
from .frames import FrameAssembler


class SerialScanner:
    """`serial:///dev/ttyACM0?baudrate=9600`: frames ended by CR and/or LF."""

    def __init__(self, port: str, baudrate: int = 9600, pause_s: float = 0.5) -> None:
        self.pause_s = pause_s
        self._frames = FrameAssembler()
        self._ready: collections.deque[str] = collections.deque()
        self._last_byte = time.monotonic()
        self._port = open_serial(port, baudrate, 0.05, "máy quét", "scanner")

    def read(self, timeout_s: float) -> str | None:
        deadline = time.monotonic() + timeout_s
        while not self._ready:
            try:
                chunk = self._port.read(max(1, self._port.in_waiting))
            except (serial.SerialException, OSError) as e:
                raise DeviceOffline(
                    "Máy quét bị ngắt kết nối", f"scanner disconnected: {e}"
                ) from None
            now = time.monotonic()
            if chunk:
                self._last_byte = now
                self._ready.extend(self._frames.feed(chunk))
            elif now - self._last_byte > self.pause_s:
                self._frames.drop_partial()
                self._last_byte = now
            if not self._ready and now >= deadline:
                return None
        return self._ready.popleft()

    def close(self) -> None:
        self._port.close()
