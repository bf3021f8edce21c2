"""Vietnamese text as crisp 1-bit raster: drawn with anti-aliasing, then thresholded (no
dithering), wrapped to the paper, and trimmed to its ink so blank paper is never sent."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageOps

from .fonts import font

THRESHOLD = 140
PAD_X, PAD_Y = 7, 3
"""The black box around inverted text: room beside the letters, little above and below
(every row of the box is sent, and a ticket stays under 12 KB)."""
THRESHOLD_LUT = [255 if v > THRESHOLD else 0 for v in range(256)]


SEPARATOR = " · "


def wrap(text: str, size: int, bold: bool, max_width: int) -> list[str]:
    """Break at " · " first, so a line's parts stay whole ("Dự kiến: ~15 phút" is not left
    with "phút" alone), then on spaces; a single over-long word is split by letters."""
    f = font(size, bold)
    if f.getlength(text) <= max_width or SEPARATOR not in text:
        return _wrap_words(text, size, bold, max_width)
    lines: list[str] = []
    for part in text.split(SEPARATOR):
        joined = f"{lines[-1]}{SEPARATOR}{part}" if lines else part
        if lines and f.getlength(joined) <= max_width:
            lines[-1] = joined
        else:
            lines.extend(_wrap_words(part, size, bold, max_width))
    return lines


def _wrap_words(text: str, size: int, bold: bool, max_width: int) -> list[str]:
    f = font(size, bold)
    lines: list[str] = []
    current = ""
    for whole in text.split():
        word = whole
        candidate = f"{current} {word}" if current else word
        if f.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while f.getlength(word) > max_width:
            cut = len(word)
            while cut > 1 and f.getlength(word[:cut]) > max_width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


@lru_cache(maxsize=256)
def text_block(
    text: str,
    size: int,
    max_width: int,
    *,
    bold: bool = False,
    invert: bool = False,
    line_gap: int = 4,
) -> Image.Image:
    """A paragraph as a 1-bit image ('1' mode, black = ink), as narrow as its ink.

    Cached: a kiosk prints the same header, title and footer all day."""
    f = font(size, bold)
    pad_x, pad_y = (PAD_X, PAD_Y) if invert else (0, 0)
    lines = wrap(text, size, bold, max_width - 2 * pad_x)
    ascent, descent = f.getmetrics()
    line_h = ascent + descent + line_gap
    width = max(1, *(int(f.getlength(line)) for line in lines))
    canvas = Image.new("L", (width + 2 * pad_x, line_h * len(lines) + 2 * pad_y), 0)
    draw = ImageDraw.Draw(canvas)
    for i, line in enumerate(lines):
        x = (width - f.getlength(line)) / 2 + pad_x
        draw.text((x, pad_y + i * line_h), line, font=f, fill=255)
    ink = canvas.point(THRESHOLD_LUT)  # white letters on black
    if invert:  # keep white letters in a black box, as wide as the text plus a border
        box = ink.getbbox()
        return ink.crop(_grow(box, pad_x, pad_y, ink.size) if box else (0, 0, 1, 1)).convert("1")
    return trim(ImageOps.invert(ink).convert("1"))


def trim(image: Image.Image) -> Image.Image:
    """Cut away white margins (ink is black in '1' images)."""
    box = ImageOps.invert(image.convert("L")).getbbox()
    return image.crop(box) if box else image.crop((0, 0, 1, 1))


def _grow(
    box: tuple[int, int, int, int], by_x: int, by_y: int, size: tuple[int, int]
) -> tuple[int, int, int, int]:
    left, top, right, bottom = box
    return (
        max(0, left - by_x),
        max(0, top - by_y),
        min(size[0], right + by_x),
        min(size[1], bottom + by_y),
    )
