"""Open a scanner from its device URL."""

from __future__ import annotations

from typing import Literal

from queue_core.device_errors import BadDeviceUrl

from ..urls import parse_device_url
from . import CodeScanner

Decoder = Literal["zxing", "zbar"]


def open_scanner(url: str, decoder: Decoder = "zxing") -> CodeScanner:
    """`sim:`, `sim:///file`, `sim://127.0.0.1:9101`, `serial:///dev/ttyACM0?baudrate=9600`,
    `camera://0`. (`keyboard:` is a Qt event filter, installed by the app itself.)"""
    u = parse_device_url(url)
    if u.scheme == "sim":
        from .sim import SimScanner

        if u.host:
            host, _, port = u.host.partition(":")
            return SimScanner(listen=(host, int(port or 0)))
        return SimScanner(file=u.path or None)
    if u.scheme == "serial":
        from .serial_scanner import SerialScanner

        return SerialScanner(u.path, baudrate=u.int_option("baudrate", 9600))
    if u.scheme == "camera":
        from .camera import CameraScanner

        return CameraScanner(int(u.host or u.path.strip("/") or 0), decoder=decoder)
    raise BadDeviceUrl(
        f"Không có trình điều khiển máy quét cho {u.scheme}:",
        f"no scanner driver for {u.scheme}: (use sim:, serial:, camera: or keyboard:)",
    )
