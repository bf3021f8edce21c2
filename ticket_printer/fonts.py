"""A sans-serif font with every Vietnamese glyph (Noto Sans, else DejaVu Sans)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

CANDIDATES = {
    False: ["noto/NotoSans-Regular.ttf", "dejavu/DejaVuSans.ttf"],
    True: ["noto/NotoSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf"],
}
ROOTS = [
    Path(os.environ.get("XEPHANG_FONT_DIR", "/usr/share/fonts/truetype")),
    Path("/usr/share/fonts/truetype"),
]


class FontMissing(RuntimeError):
    """No font with Vietnamese glyphs is installed (./run installs fonts-noto-core)."""


def font_path(bold: bool = False) -> Path:
    for root in ROOTS:
        for name in CANDIDATES[bold]:
            if (root / name).is_file():
                return root / name
    raise FontMissing(
        "no font with Vietnamese glyphs found: install fonts-noto-core or fonts-dejavu-core"
    )


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)
