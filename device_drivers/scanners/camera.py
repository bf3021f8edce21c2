"""A camera pointed at the card slot: frames from OpenCV, QR codes decoded from them.

The camera gives ~30 frames a second and a decode may take up to ~40 ms, so not every
frame can be read: of each `burst` of frames the sharpest (variance of the Laplacian)
is decoded — the moment the hand held still, rather than whichever came next."""

from __future__ import annotations

import time
from typing import Any

from queue_core.device_errors import DeviceOffline

from .deblur import sharpness
from .decode import Decoder, decode_image, to_gray

__all__ = ["CameraScanner", "decode_image"]


class CameraScanner:
    """`camera://0`: the same card held under the camera is reported once per `repeat_s`."""

    def __init__(
        self,
        index: int = 0,
        decoder: Decoder = "zxing",
        repeat_s: float = 3.0,
        capture: Any = None,
        burst: int = 3,
    ) -> None:
        import cv2

        self.decoder = decoder
        self.burst = max(1, burst)
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
            for text in decode_image(self._sharpest(), self.decoder):
                now = time.monotonic()
                if self._last and self._last[0] == text and now - self._last[1] < self.repeat_s:
                    continue
                self._last = (text, now)
                return text
            if time.monotonic() >= deadline:
                return None

    def _sharpest(self) -> Any:
        best, best_score = None, -1.0
        for _ in range(self.burst):
            ok, frame = self._cap.read()
            if not ok:
                if best is not None:
                    break
                raise DeviceOffline("Camera không gửi hình", "the camera stopped sending frames")
            score = sharpness(to_gray(frame)[::2, ::2])
            if score > best_score:
                best, best_score = frame, score
        return best

    def close(self) -> None:
        self._cap.release()
