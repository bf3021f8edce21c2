"""Decode QR codes in images: zxing-cpp by default, pyzbar selectable.

zxing-cpp hands back the raw bytes of a byte-mode QR code, which for ID cards are UTF-8
Vietnamese; ZBar guesses a character set for such codes and may garble them, so it is
kept only as a selectable alternative (the benchmark compares them).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import zxingcpp

Decoder = Literal["zxing", "zbar"]


def _text_of(raw: bytes, fallback: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return fallback


QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


def _result_text(r: Any) -> str:
    return _text_of(bytes(r.bytes), r.text)


def decode_zxing(gray: np.ndarray[Any, Any], budget_s: float = 0.022) -> list[str]:
    """zxing-cpp on the frame; if nothing is found, the code's region alone, enlarged
    and then unsmeared (a card moving in the hand), within `budget_s` (deblur.py)."""
    found = zxingcpp.read_barcodes(gray, formats=QR_ONLY, try_rotate=True, try_downscale=True)
    if found:
        return [_result_text(r) for r in found if r.valid]
    from .deblur import read_hard

    return read_hard(gray, _result_text, budget_s)


def decode_zbar(gray: np.ndarray[Any, Any]) -> list[str]:
    from pyzbar import pyzbar

    found = pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [r.data.decode("utf-8", errors="replace") for r in found]


def to_gray(image: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Camera frames arrive as BGR; decoders want one 8-bit channel."""
    if image.ndim == 3:
        import cv2

        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    return image


def decode_image(image: np.ndarray[Any, Any], decoder: Decoder = "zxing") -> list[str]:
    """Every QR payload found in a frame or photo."""
    gray = to_gray(image)
    return decode_zxing(gray) if decoder == "zxing" else decode_zbar(gray)
