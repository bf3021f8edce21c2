"""A ticket as ESC/POS bytes, through python-escpos's Dummy printer.

Compact by design (a serial printer at 9600 baud takes about 1 s per KB): text with
diacritics goes as 1-bit raster (GS v 0) in small fragments, trimmed to its ink and
centred with the left margin (GS L) instead of sending blank dots; the number goes in
the printer's own font magnified (GS !), since digits need no diacritics; the QR code
goes natively (GS ( k) when the profile supports it and the URL is ASCII, else as raster.
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


class TicketEncoder:
    def __init__(
        self, paper_mm: PaperMm = 80, profile: str = "default", logo: bytes | None = None
    ) -> None:
        self.dots = DOTS[paper_mm]
        self.sizes = SIZES[paper_mm]
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
        """The printer's font A (12×24 dots) magnified up to 8×: the largest thing on paper."""
        scale = max(1, min(8, (self.dots - 24) // (12 * max(1, len(number)))))
        p.set(align="center", bold=True, custom_size=True, width=scale, height=scale)
        p.text(number + "\n")
        p.set(align="left", bold=False, normal_textsize=True)

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
