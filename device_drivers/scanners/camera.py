"""A camera pointed at the card slot: frames from OpenCV, QR codes decoded from them."""

from __future__ import annotations

import time
from typing import Any

from queue_core.device_errors import DeviceOffline

from .decode import Decoder, decode_image


class CameraScanner:
    """`camera://0`: the same card held under the camera is reported once per `repeat_s`."""

    def __init__(
        self, index: int = 0, decoder: Decoder = "zxing", repeat_s: float = 3.0, capture: Any = None
    ) -> None:
        import cv2

        self.decoder = decoder
        self.repeat_s = repeat_s
        self._cap = capture if capture is not None else cv2.VideoCapture(index)
        if not self._cap.isOpened():
            raise DeviceOffline(f"Không mở được camera {index}", f"cannot open camera {index}")
        self._cap.set(cv2.CAP_PROP_FRAME_WIDTH, 1280)
        self._cap.set(cv2.CAP_PROP_FRAME_HEIGHT, 720)
        self._last: tuple[str, float] | None = None

    def read(self, timeout_s: float) -> str | None:
        deadline = time.monotonic() + timeout_s
        while True:
            ok, frame = self._cap.read()
            if not ok:
                raise DeviceOffline("Camera không gửi hình", "the camera stopped sending frames")
            for text in decode_image(frame, self.decoder):
                now = time.monotonic()
                if self._last and self._last[0] == text and now - self._last[1] < self.repeat_s:
                    continue
                self._last = (text, now)
                return text
            if time.monotonic() >= deadline:
                return None

    def close(self) -> None:
        self._cap.release()
