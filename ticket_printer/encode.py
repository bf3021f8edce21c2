"""A ticket as ESC/POS bytes, through python-escpos's Dummy printer.

Compact by design (a serial printer at 9600 baud takes about 1 s per KB): text with
diacritics goes as 1-bit raster (GS v 0) in small fragments, trimmed to its ink and
centred with the left margin (GS L) instead of sending blank dots; the number is drawn
from the font at half the printer's resolution and printed at double width and height
(GS v 0, m = 3): smooth 2-dot steps where the printer's font magnified 8× prints 8-dot
blocks, for a quarter of a full-resolution raster's bytes; the QR code goes natively
(GS ( k) when the profile supports it and the URL is ASCII, else as raster.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from escpos.printer import Dummy
from PIL import Image

from queue_core.paper import DOTS, PaperMm

from .layout import TicketContent
from .render import text_block

FRAGMENT_ROWS = 64
ESC, GS = b"\x1b", b"\x1d"


@dataclass(frozen=True)
class Sizes:
    header: int
    unit: int
    title: int
    body: int
    small: int


SIZES = {
    58: Sizes(header=17, unit=23, title=19, body=19, small=16),
    80: Sizes(header=21, unit=29, title=23, body=22, small=19),
}
LARGE_SIZES = {
    58: Sizes(header=20, unit=27, title=23, body=25, small=22),
    80: Sizes(header=24, unit=33, title=27, body=28, small=25),
}
"""The large-print ticket, for a citizen who reads small print badly (about 1.35×)."""
NUMBER_PX = {58: 76, 80: 88}
LARGE_NUMBER_PX = {58: 96, 80: 118}
"""The number's font size at half resolution: printed about 2 × 0.74 × this tall (130
dots, 16 mm, on 80 mm paper; the body text is 3 mm), always the largest thing on the
ticket, and sized so the ticket stays under 12 KB (~1 s at 9600 baud)."""


LOGO_DOTS = 96
"""The logo's height on paper (12 mm at 203 dpi): recognisable, and ~1 KB at 9600 baud."""


def logo_raster(png: bytes, height: int = LOGO_DOTS) -> Image.Image:
    """The logo as 1-bit dots on white: transparency becomes paper, colour becomes ink by
    a threshold (dithering turns a small logo's shapes to grain)."""
    import io

    src = Image.open(io.BytesIO(png)).convert("RGBA")
    paper = Image.new("RGBA", src.size, "white")
    paper.alpha_composite(src)
    width = max(1, round(src.width * height / src.height))
    grey = paper.convert("L").resize((width, height), Image.Resampling.LANCZOS)
    return grey.point(lambda v: 255 if v > 170 else 0).convert("1", dither=Image.Dither.NONE)


def number_raster(number: str, size: int) -> Image.Image:
    return text_block(number, size, 10_000, bold=True)


def raster_command(image: Image.Image, mode: int = 0) -> bytes:
    """GS v 0 m xL xH yL yH d1…dk: a 1-bit image, rows padded to whole bytes (bit 1 is
    a black dot, while PIL's '1' mode packs white as 1)."""
    width_bytes = (image.width + 7) // 8
    padded = Image.new("1", (width_bytes * 8, image.height), 1)
    padded.paste(image, (0, 0))
    body = bytes(255 - b for b in padded.tobytes())
    size = width_bytes.to_bytes(2, "little") + image.height.to_bytes(2, "little")
    return GS + b"v0" + bytes([mode]) + size + body


class TicketEncoder:
    def __init__(
        self,
        paper_mm: PaperMm = 80,
        profile: str = "default",
        logo: bytes | None = None,
        *,
        large: bool = False,
    ) -> None:
        self.dots = DOTS[paper_mm]
        self.sizes = (LARGE_SIZES if large else SIZES)[paper_mm]
        self.number_px = (LARGE_NUMBER_PX if large else NUMBER_PX)[paper_mm]
        self.profile = profile
        self.logo = logo_raster(logo) if logo else None

    def encode(self, c: TicketContent) -> bytes:
        p = Dummy(profile=self.profile)
        # Tell python-escpos the paper width (unknown in generic profiles) on this instance.
        data = p.profile.profile_data
        p.profile.profile_data = {
            **data,
            "media": {**data["media"], "width": {"pixels": self.dots}},
        }
        p.hw("INIT")
        s = self.sizes
        if self.logo is not None:
            self._raster(p, self.logo)
            self._feed(p, 8)
        self._raster(p, text_block(c.header, s.header, self.dots, bold=True))
        self._feed(p, 6)
        self._raster(p, text_block(c.unit, s.unit, self.dots, bold=True))
        self._feed(p, 6)
        self._raster(p, text_block(c.title, s.title, self.dots))
        self._feed(p, 10)
        self._number(p, c.number)
        self._feed(p, 10)
        for line in c.lines:
            self._raster(p, text_block(line, s.body, self.dots))
            self._feed(p, 8)
        if c.priority:
            self._raster(p, text_block(c.priority, s.body, self.dots, bold=True, invert=True))
            self._feed(p, 8)
        self._raster(p, text_block(c.issued_line, s.small, self.dots))
        self._feed(p, 12)
        if c.status_url:
            self._qr(p, c.status_url)
            self._raster(p, text_block(c.scan_hint, s.small, self.dots))
            self._feed(p, 10)
        self._raster(p, text_block(c.footer, s.small, self.dots))
        p.cut()
        return bytes(p.output)

    # ------------------------------------------------------------------ pieces
    def _margin(self, p: Dummy, width: int) -> None:
        left = max(0, (self.dots - width) // 2) // 8 * 8
        p._raw(GS + b"L" + left.to_bytes(2, "little"))

    def _raster(self, p: Dummy, image: Image.Image) -> None:
        self._margin(p, image.width)
        p.image(image, impl="bitImageRaster", fragment_height=FRAGMENT_ROWS, center=False)
        p._raw(GS + b"L\x00\x00")

    def _feed(self, p: Dummy, dots: int) -> None:
        p._raw(ESC + b"J" + bytes([dots]))

    def _number(self, p: Dummy, number: str) -> None:
        """The number as large as the paper allows, drawn at half resolution and printed
        doubled both ways: the largest thing on paper."""
        size = self.number_px
        image = number_raster(number, size)
        while image.width * 2 > self.dots - 16 and size > 24:
            size -= 6
            image = number_raster(number, size)
        self._margin(p, image.width * 2)
        for top in range(0, image.height, FRAGMENT_ROWS // 2):
            band = image.crop((0, top, image.width, min(image.height, top + FRAGMENT_ROWS // 2)))
            p._raw(raster_command(band, mode=3))
        p._raw(GS + b"L\x00\x00")

    def _qr(self, p: Dummy, url: str) -> None:
        if url.isascii() and p.profile.supports("qrCode"):
            p.set(align="center")
            p.qr(url, native=True, size=6 if self.dots > 400 else 5, ec=1)
            p.set(align="left")
            self._feed(p, 8)
            return
        q = qrcode.QRCode(
            border=0,
            box_size=5 if self.dots > 400 else 4,
            error_correction=qrcode.constants.ERROR_CORRECT_M,
        )
        q.add_data(url.encode("utf-8"))
        q.make(fit=True)
        self._raster(p, q.make_image().convert("1"))
        self._feed(p, 8)
