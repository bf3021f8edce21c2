"""Reading a card that moved while the camera exposed it.

Most camera misses are motion blur: the hand still moving smears the code 7–15 px
along one direction. `read_hard` runs after a plain decode failed, within a time
budget, on the code's region only (the densest fine texture in the frame): it
estimates the smear's direction from the gradients (a smear flattens the edges
along its own direction), undoes it by Wiener deconvolution for a few lengths (the
region padded by reflection, so the FFT's wrap-around does not ring into the code),
and reads each candidate with zxing-cpp's global-histogram binarizer, then its
local one. Measured on bench/scanning.py's counter corpus (see README).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from typing import Any

import cv2
import numpy as np
import zxingcpp

Gray = np.ndarray[Any, Any]
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
BINARIZERS = (zxingcpp.Binarizer.GlobalHistogram, zxingcpp.Binarizer.LocalAverage)
LENGTHS = (11, 7, 15, 9, 13)
"""Smear lengths tried, the most often right first (field photos: 7–13 px)."""
PAD = 32


def sharpness(gray: Gray) -> float:
    """Variance of the Laplacian: higher is sharper (to pick the best of a few frames)."""
    return float(cv2.Laplacian(gray, cv2.CV_32F).var())


def code_region(gray: Gray, margin: int = 48) -> Gray:
    """The part of the frame with the densest fine texture, where a QR code is."""
    small = cv2.resize(gray, (gray.shape[1] // 4, gray.shape[0] // 4), interpolation=cv2.INTER_AREA)
    f = small.astype(np.float32)
    edges = np.abs(cv2.Laplacian(f, cv2.CV_32F))
    density = cv2.boxFilter(edges, -1, (9, 9))
    ys, xs = np.nonzero(density >= 0.6 * density.max())
    if len(xs) == 0:
        return gray
    x0, x1 = max(0, xs.min() * 4 - margin), min(gray.shape[1], xs.max() * 4 + 4 + margin)
    y0, y1 = max(0, ys.min() * 4 - margin), min(gray.shape[0], ys.max() * 4 + 4 + margin)
    return gray[y0:y1, x0:x1]


def smear_angle(gray: Gray) -> float:
    """The smear's direction in degrees: the one across which gradients are weakest."""
    f = gray.astype(np.float32)
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    strongest = 0.5 * math.atan2(2 * jxy, jxx - jyy)  # the dominant gradient direction
    across = math.degrees(strongest + math.pi / 2)  # edges stay sharp across the smear
    return (-across) % 180  # image rows grow downwards: counter-clockwise like the PSF


def motion_psf(length: int, angle_deg: float, shape: tuple[int, int]) -> Gray:
    """A smear of `length` px at `angle_deg`, centred, padded to `shape`, origin at 0,0."""
    psf = np.zeros(shape, np.float32)
    c = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    for i in range(length):
        t = i - (length - 1) / 2
        x, y = round(t * c[0]) % shape[1], round(-t * c[1]) % shape[0]
        psf[y, x] += 1
    return np.asarray(psf / psf.sum())


def wiener(gray: Gray, psf: Gray, noise: float = 0.01) -> Gray:
    f = gray.astype(np.float32) / 255
    g = np.fft.rfft2(f)
    h = np.fft.rfft2(psf)
    restored = np.fft.irfft2(g * np.conj(h) / (np.abs(h) ** 2 + noise), s=f.shape)
    return np.clip(restored * 255, 0, 255).astype(np.uint8)


def unsmear(region: Gray, length: int, angle_deg: float) -> Gray:
    padded = cv2.copyMakeBorder(region, PAD, PAD, PAD, PAD, cv2.BORDER_REFLECT)
    restored = wiener(padded, motion_psf(length, angle_deg, padded.shape[:2]))
    return restored[PAD:-PAD, PAD:-PAD]


def _candidates(region: Gray) -> Iterator[Gray]:
    yield cv2.resize(region, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)  # small codes
    angle = smear_angle(region)
    for length in LENGTHS:
        yield unsmear(region, length, angle)


def _read(image: Gray, text_of: Callable[[Any], str]) -> list[str]:
    for binarizer in BINARIZERS:
        found = zxingcpp.read_barcodes(
            image, formats=QR_ONLY, binarizer=binarizer, try_rotate=True, try_downscale=False
        )
        texts = [text_of(r) for r in found if r.valid]
        if texts:
            return texts
    return []


def read_hard(gray: Gray, text_of: Callable[[Any], str], budget_s: float = 0.022) -> list[str]:
    """The code in a frame a plain decode could not read, or [] when the budget would
    run out: a candidate is started only if one as slow as the last still fits."""
    start = time.perf_counter()
    deadline = start + budget_s
    region = code_region(gray)
    last = 0.0
    for candidate in _candidates(region):
        begun = time.perf_counter()
        texts = _read(candidate, text_of)
        if texts:
            return texts
        now = time.perf_counter()
        last = now - begun
        if now + last > deadline:
            return []
    return []
