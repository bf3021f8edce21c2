"""Scanner benchmark: decode rate and time per 1280×720 frame on generated card photos.

    .venv/bin/python -m bench.scanning [--photos 300] [--seed 2025]

Each photo holds a UTF-8 Vietnamese CCCD payload under rotation, perspective, blur,
noise, low light, glare and JPEG compression. A decode counts only when the payload is
byte for byte right. Target: the project's scanner ≥ 95 % at < 40 ms per frame.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np

from device_drivers.scanners.decode import decode_image, decode_zbar, decode_zxing, to_gray
from queue_core.stats import percentile
from testkit.cards import card_photo, random_payload

_cv_detector = cv2.QRCodeDetector()


def decode_opencv(gray: np.ndarray[Any, Any]) -> list[str]:
    text, _, _ = _cv_detector.detectAndDecode(gray)
    return [text] if text else []


def plain_zxing(gray: np.ndarray[Any, Any]) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(gray)]


DECODERS: dict[str, Callable[[np.ndarray[Any, Any]], list[str]]] = {
    "project scanner (zxing-cpp, bytes as UTF-8)": lambda frame: decode_image(frame, "zxing"),
    "zxing-cpp (defaults, its own text)": lambda frame: plain_zxing(to_gray(frame)),
    "pyzbar (ZBar)": lambda frame: decode_zbar(to_gray(frame)),
    "OpenCV QRCodeDetector": lambda frame: decode_opencv(to_gray(frame)),
}


def main() -> None:
    ap = argparse.ArgumentParser(description="Scanner decode rate and speed")
    ap.add_argument("--photos", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument(
        "--corpus",
        choices=["standard", "counter", "both"],
        default="both",
        help="counter: as hard as a real counter (motion blur 7–15 px, glare, low light, small)",
    )
    args = ap.parse_args()
    for kind in ("standard", "counter") if args.corpus == "both" else (args.corpus,):
        run_corpus(kind, args.photos, args.seed)


def run_corpus(kind: str, photos: int, seed: int) -> None:
    rng = random.Random(seed)
    t0 = time.perf_counter()
    corpus = []
    for _ in range(photos):
        text = random_payload(rng)
        corpus.append((text, card_photo(text, rng, counter=kind == "counter")))
    print(
        f"\n# {kind} corpus: {len(corpus)} generated 1280×720 card photos "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    print("| decoder | correct | wrong text | nothing | mean ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    assert decode_zxing is not None
    for name, decode in DECODERS.items():
        right = wrong = none = 0
        times = []
        for text, frame in corpus:
            start = time.perf_counter()
            got = decode(frame)
            times.append(time.perf_counter() - start)
            if not got:
                none += 1
            elif got[0] == text:
                right += 1
            else:
                wrong += 1
        n = len(corpus)
        print(
            f"| {name} | {right / n:.1%} | {wrong / n:.1%} | {none / n:.1%} | "
            f"{1000 * sum(times) / n:.1f} | {1000 * (percentile(times, 99) or 0):.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
