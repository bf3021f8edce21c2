"""Synthetic ID-card payloads of the real shapes, and photos of cards for the scanner.

No real person's data: names, numbers and addresses are made up, but the checks the
parser makes (digit 4, digits 5–6, place codes, dates) hold for them.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import cv2
import numpy as np
import qrcode

NAMES = [
    "Nguyễn Văn Ánh",
    "Trần Thị Ngọc Bích",
    "Lê Đức Cường",
    "Phạm Thị Ỷ Lan",
    "Hoàng Văn Ữu",
    "Đặng Thị Huỳnh Ngân",
    "Bùi Quốc Việt",
    "Vũ Thị Thuỷ Tiên",
]
STREETS = [
    "Số 8 ngõ 6 phố Bùi Huy Bích, Hoàng Mai, Hà Nội",
    "Thôn Đông, xã Tiên Dược, huyện Sóc Sơn, Hà Nội",
    "45/12 Nguyễn Đình Chiểu, phường Đa Kao, Quận 1, TP Hồ Chí Minh",
    "Tổ 3, phường Quyết Thắng, thành phố Lai Châu, Lai Châu",
]


def id_number(born: date, male: bool, place: str = "001", tail: str = "012345") -> str:
    century = (born.year // 100 - 19) * 2
    digit4 = century + (0 if male else 1)
    return f"{place}{digit4}{born.year % 100:02d}{tail}"


def payload(
    *,
    born: date = date(1960, 3, 15),
    male: bool = True,
    name: str = "Nguyễn Văn Ánh",
    issued: date = date(2021, 6, 15),
    place: str = "001",
    old_id: str = "",
    parents: tuple[str, str] | None = None,
    eleven: bool = False,
    parents_at: int = 7,
) -> str:
    """A QR payload; on an 11-field card the parents stand at 0-based fields
    `parents_at` and the next (7 or 8: both placements are seen on real cards)."""
    fields = [
        id_number(born, male, place),
        old_id,
        name,
        born.strftime("%d%m%Y"),
        "Nam" if male else "Nữ",
        STREETS[0],
        issued.strftime("%d%m%Y"),
    ]
    if eleven or parents:
        father, mother = parents or ("", "")
        extra = [father, mother, "", ""] if parents_at == 7 else ["", father, mother, ""]
        fields += extra
    return "|".join(fields)


def random_payload(rng: random.Random) -> str:
    born = date(rng.randint(1935, 2015), rng.randint(1, 12), rng.randint(1, 28))
    issued = date(max(born.year + 14, 2021), rng.randint(1, 12), rng.randint(1, 28))
    issued = min(issued, date(2025, 6, 30))
    child = born.year > 2012
    return payload(
        born=born,
        male=rng.random() < 0.5,
        name=rng.choice(NAMES),
        issued=max(issued, born),
        place=rng.choice(["001", "079", "048", "012"]),
        parents=("Nguyễn Văn Bình", "Trần Thị Hoà") if child else None,
        eleven=rng.random() < 0.5,
    )


def qr_image(text: str, box: int = 4) -> np.ndarray[Any, Any]:
    """A QR code in byte mode holding UTF-8, without ECI, as the cards carry it."""
    q = qrcode.QRCode(border=2, box_size=box, error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(text.encode("utf-8"))
    q.make(fit=True)
    return np.asarray(q.make_image().convert("L"))


def motion_kernel(length: int, angle_deg: float) -> np.ndarray[Any, Any]:
    """A straight smear of `length` pixels at `angle_deg`: a card moving while exposed."""
    size = length if length % 2 else length + 1
    line: Any = np.zeros((size, size), np.float32)
    line[size // 2, (size - length) // 2 : (size - length) // 2 + length] = 1.0
    rot = cv2.getRotationMatrix2D(((size - 1) / 2, (size - 1) / 2), angle_deg, 1.0)
    kernel: Any = cv2.warpAffine(line, rot, (size, size))
    return np.asarray(kernel / kernel.sum())


def card_photo(
    text: str, rng: random.Random, *, hard: bool = True, counter: bool = False
) -> np.ndarray[Any, Any]:
    """A 1280×720 BGR frame of a card under the kiosk camera, with realistic faults;
    `counter`: as hard as a real counter — half the cards still moving in the hand
    (motion blur of 3–15 px in any direction), more glare, dimmer light, the card held
    farther away (the code down to 160 px)."""
    card = np.full((540, 856, 3), (228, 222, 205), np.uint8)
    cv2.rectangle(card, (0, 0), (855, 70), (60, 60, 170), -1)
    for i, line in enumerate(
        ["CAN CUOC CONG DAN", "So / No.", "Ho va ten / Full name", "Ngay sinh"]
    ):
        cv2.putText(card, line, (40, 130 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (40, 40, 40), 2)
    code = cv2.cvtColor(qr_image(text), cv2.COLOR_GRAY2BGR)
    size = 230
    code = cv2.resize(code, (size, size), interpolation=cv2.INTER_NEAREST)
    card[90 : 90 + size, 600 : 600 + size] = code
    frame: Any = np.zeros((720, 1280, 3), np.uint8)
    frame[:] = (rng.randint(60, 140), rng.randint(60, 140), rng.randint(60, 140))
    h, w = card.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    qr_corners = np.array(
        [[[600, 90]], [[600 + size, 90]], [[600 + size, 90 + size]], [[600, 90 + size]]],
        dtype=np.float32,
    )
    while True:  # the card lies anywhere under the camera, but its code is in view
        angle = np.deg2rad(rng.uniform(-35, 35) if hard else 0)
        scale = rng.uniform(0.7, 1.1) if counter else rng.uniform(0.8, 1.15) if hard else 1.0
        cx, cy = 640 + rng.uniform(-120, 120), 360 + rng.uniform(-60, 60)
        corners = []
        for x, y in src:
            dx, dy = (x - w / 2) * scale, (y - h / 2) * scale
            jitter = rng.uniform(-30, 30) if hard else 0
            corners.append(
                [
                    cx + dx * np.cos(angle) - dy * np.sin(angle) + jitter,
                    cy + dx * np.sin(angle) + dy * np.cos(angle) + jitter,
                ]
            )
        m = cv2.getPerspectiveTransform(src, np.array(corners, dtype=np.float32))
        seen = cv2.perspectiveTransform(qr_corners, m).reshape(-1, 2)
        if (
            seen[:, 0].min() > 8
            and seen[:, 1].min() > 8
            and seen[:, 0].max() < 1272
            and seen[:, 1].max() < 712
        ):
            break
    cv2.warpPerspective(card, m, (1280, 720), frame, borderMode=cv2.BORDER_TRANSPARENT)
    if hard:
        k = rng.choice([1, 1, 3, 3, 5])
        if k > 1:
            frame = cv2.GaussianBlur(frame, (k, k), 0)
        if rng.random() < (0.5 if counter else 0.2):  # the hand still moving: motion blur
            n = rng.randint(3, 15) if counter else rng.randint(3, 7)
            frame = cv2.filter2D(frame, -1, motion_kernel(n, rng.uniform(0, 180)))
        light = rng.uniform(0.25, 0.9) if counter else rng.uniform(0.3, 1.0)
        frame = np.clip(frame.astype(np.float32) * light, 0, 255)
        if rng.random() < (0.5 if counter else 0.4):  # glare: the ceiling light
            yy, xx = np.mgrid[0:720, 0:1280]
            gx, gy, r = rng.uniform(300, 1000), rng.uniform(150, 570), rng.uniform(80, 200)
            frame += 120 * np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * r * r))[..., None]
        frame += np.asarray(
            np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(2, 12), frame.shape)
        )
        frame = np.clip(frame, 0, 255).astype(np.uint8)
        ok, jpg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(35, 90)])
        assert ok
        frame = cv2.imdecode(jpg, cv2.IMREAD_COLOR)
    return np.asarray(frame)
