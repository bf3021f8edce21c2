"""Device URLs: `escpos+serial:///dev/ttyUSB0?baudrate=115200`, `camera://0`, `sim:`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from queue_core.device_errors import BadDeviceUrl


@dataclass(frozen=True)
class DeviceUrl:
    scheme: str
    host: str
    path: str
    query: dict[str, str]

    def int_option(self, name: str, default: int) -> int:
        raw = self.query.get(name)
        if raw is None:
            return default
        try:
            return int(raw, 0)
        except ValueError:
            raise BadDeviceUrl(
                f"Tham số {name} phải là số", f"option {name} must be a number, got {raw!r}"
            ) from None


def parse_device_url(url: str) -> DeviceUrl:
    if ":" not in url:
        raise BadDeviceUrl("Địa chỉ thiết bị không hợp lệ", f"not a device URL: {url!r}")
    parts = urlsplit(url)
    return DeviceUrl(
        scheme=parts.scheme,
        host=parts.netloc,
        path=parts.path,
        query=dict(parse_qsl(parts.query)),
    )
