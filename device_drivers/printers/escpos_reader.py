"""Read ESC/POS bytes back: a small parser for the commands XepHang sends, and a renderer
that shows what the paper would look like. The simulator uses it for its PNG previews;
the tests use it to check that nothing but known commands is ever sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import qrcode
from PIL import Image, ImageDraw, ImageFont


class UnknownCommand(ValueError):
    """Bytes the reader does not know: XepHang must never send them."""


@dataclass
class Op:
    name: str
    arg: Any = None


@dataclass
class Program:
    ops: list[Op] = field(default_factory=list)

    def names(self) -> list[str]:
        return [op.name for op in self.ops]

    def rasters(self) -> list[Image.Image]:
        return [op.arg for op in self.ops if op.name == "raster"]


SIMPLE = {  # command bytes → (name, number of argument bytes)
    b"\x1b@": ("init", 0),
    b"\x1ba": ("align", 1),
    b"\x1bE": ("bold", 1),
    b"\x1b!": ("mode", 1),
    b"\x1bt": ("codepage", 1),
    b"\x1bM": ("font", 1),
    b"\x1b-": ("underline", 1),
    b"\x1bG": ("double_strike", 1),
    b"\x1b{": ("upside_down", 1),
    b"\x1bJ": ("feed_dots", 1),
    b"\x1bd": ("feed_lines", 1),
    b"\x1d!": ("size", 1),
    b"\x1dB": ("invert", 1),
    b"\x1dL": ("margin", 2),
    b"\x1db": ("smooth", 1),
}


def parse(data: bytes) -> Program:
    prog = Program()
    i, n = 0, len(data)
    text = bytearray()

    def flush_text() -> None:
        if text:
            prog.ops.append(Op("text", bytes(text).decode("ascii")))
            text.clear()

    while i < n:
        b = data[i]
        if b == 0x0A:
            flush_text()
            prog.ops.append(Op("newline"))
            i += 1
            continue
        if 0x20 <= b < 0x7F:
            text.append(b)
            i += 1
            continue
        flush_text()
        two = data[i : i + 2]
        if two in SIMPLE:
            name, argc = SIMPLE[two]
            if i + 2 + argc > n:
                raise UnknownCommand(f"truncated {name} at byte {i}")
            raw = data[i + 2 : i + 2 + argc]
            prog.ops.append(Op(name, int.from_bytes(raw, "little")))
            i += 2 + argc
        elif data[i : i + 3] == b"\x1dv0":
            i = _raster(data, i, prog)
        elif data[i : i + 3] == b"\x1d(k":
            i = _qr(data, i, prog)
        elif two == b"\x1dV":
            mode = data[i + 2]
            prog.ops.append(Op("cut", mode))
            i += 3 + (1 if mode in (65, 66) else 0)
        else:
            raise UnknownCommand(f"unknown bytes {data[i : i + 4]!r} at {i}")
    flush_text()
    return prog


def _raster(data: bytes, i: int, prog: Program) -> int:
    """GS v 0 m xL xH yL yH d1…dk: width in bytes, height in dots."""
    width_bytes = int.from_bytes(data[i + 4 : i + 6], "little")
    height = int.from_bytes(data[i + 6 : i + 8], "little")
    size = width_bytes * height
    body = data[i + 8 : i + 8 + size]
    if len(body) != size:
        raise UnknownCommand(f"truncated raster at {i}")
    # ESC/POS: bit 1 = black dot; PIL '1' from bytes: bit 1 = white, so invert.
    image = Image.frombytes("1", (width_bytes * 8, height), bytes(255 - x for x in body))
    mode = data[i + 3] % 48  # 0 normal, 1 double width, 2 double height, 3 both (or 48–51)
    if mode > 3:
        raise UnknownCommand(f"unknown raster mode {data[i + 3]} at {i}")
    wide, tall = (2 if mode & 1 else 1), (2 if mode & 2 else 1)
    if mode:
        image = image.resize((image.width * wide, image.height * tall), Image.Resampling.NEAREST)
    prog.ops.append(Op("raster", image))
    return i + 8 + size


def _qr(data: bytes, i: int, prog: Program) -> int:
    """GS ( k pL pH cn fn …: the 2D-code functions python-escpos sends."""
    length = int.from_bytes(data[i + 3 : i + 5], "little")
    body = data[i + 5 : i + 5 + length]
    if len(body) != length or length < 2 or body[0] != 0x31:
        raise UnknownCommand(f"bad 2D-code command at {i}")
    fn = body[1]
    names = {65: "qr_model", 67: "qr_size", 69: "qr_ec", 80: "qr_store", 81: "qr_print"}
    if fn not in names:
        raise UnknownCommand(f"unknown 2D-code function {fn} at {i}")
    arg: Any = body[2:]
    if fn == 80:
        arg = bytes(body[3:]).decode("utf-8")
    elif fn in (67, 69):
        arg = body[2]
    prog.ops.append(Op(names[fn], arg))
    return i + 5 + length


def render(prog: Program, dots: int) -> Image.Image:
    """The paper as a person would see it (white, black ink), `dots` wide."""
    rows: list[Image.Image] = []
    margin = align = 0
    scale = 1
    qr_size, qr_data = 3, ""
    line: list[str] = []
    pending_feed = 0

    def put(img: Image.Image, centred: bool) -> None:
        nonlocal pending_feed
        if pending_feed:
            rows.append(Image.new("1", (dots, pending_feed), 1))
            pending_feed = 0
        row = Image.new("1", (dots, img.height), 1)
        x = (dots - img.width) // 2 if centred else margin
        row.paste(img, (max(0, x), 0))
        rows.append(row)

    for op in prog.ops:
        if op.name == "margin":
            margin = op.arg
        elif op.name == "align":
            align = op.arg
        elif op.name == "size":
            scale = (op.arg & 0x0F) + 1
        elif op.name == "mode" and op.arg == 0:
            scale = 1
        elif op.name == "raster":
            put(op.arg, False)
        elif op.name == "feed_dots":
            pending_feed += op.arg
        elif op.name == "feed_lines":
            pending_feed += 30 * op.arg
        elif op.name == "text":
            line.append(op.arg)
        elif op.name == "newline":
            put(_printer_font("".join(line), scale), align == 1)
            line = []
        elif op.name == "qr_size":
            qr_size = op.arg
        elif op.name == "qr_store":
            qr_data = op.arg
        elif op.name == "qr_print":
            q = qrcode.QRCode(border=0, box_size=qr_size)
            q.add_data(qr_data.encode("utf-8"))
            q.make(fit=True)
            put(q.make_image().convert("1"), align == 1)
    if pending_feed:
        rows.append(Image.new("1", (dots, pending_feed), 1))
    paper = Image.new("1", (dots, sum(r.height for r in rows) + 40), 1)
    y = 20
    for r in rows:
        paper.paste(r, (0, y))
        y += r.height
    return paper


def _printer_font(text: str, scale: int) -> Image.Image:
    """Font A is 12×24 dots; draw it with a monospace stand-in at the same cell size."""
    if not text:
        return Image.new("1", (1, 24 * scale), 1)
    cell = Image.new("L", (12 * len(text), 24), 255)
    draw = ImageDraw.Draw(cell)
    try:
        f: Any = ImageFont.truetype("DejaVuSansMono-Bold.ttf", 20)
    except OSError:
        f = ImageFont.load_default()
    for k, ch in enumerate(text):
        draw.text((k * 12 - 0.5, 1), ch, font=f, fill=0)
    big = cell.resize((cell.width * scale, 24 * scale), Image.Resampling.NEAREST)
    return big.point(lambda v: 255 if v > 128 else 0).convert("1")
