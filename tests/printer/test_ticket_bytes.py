"""Tickets as ESC/POS bytes, read back: only known commands, a cut, a QR that decodes to
the status URL (native and raster), Vietnamese text wrapped and never cut off, compact."""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageChops

from device_drivers.printers.escpos_reader import UnknownCommand, parse, render
from queue_core.contract import TicketView
from queue_core.paper import DOTS, PaperMm
from testkit.servers import CENTRE
from ticket_printer.encode import (
    LARGE_NUMBER_PX,
    LARGE_SIZES,
    NUMBER_PX,
    SIZES,
    TicketEncoder,
    number_raster,
)
from ticket_printer.layout import ticket_content
from ticket_printer.printer import sample_ticket
from ticket_printer.render import text_block

URL = "http://127.0.0.1:8000/t/iOs_wEYMeKlEG-I_pACGnA"


def ticket(**extra: Any) -> TicketView:
    return sample_ticket(CENTRE).model_copy(update={"status_url": URL, **extra})


def qr_in(image: Any) -> list[str]:
    gray = np.asarray(image.convert("L"))
    return [
        r.text
        for r in zxingcpp.read_barcodes(
            gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
    ]


@pytest.mark.parametrize(
    ("paper", "profile", "native"),
    [(80, "default", True), (80, "TM-T20II", True), (58, "POS-5890", False)],
)
def test_bytes_read_back(paper: PaperMm, profile: str, native: bool) -> None:
    data = TicketEncoder(paper, profile).encode(ticket_content(ticket(), CENTRE))
    prog = parse(data)  # raises on any command the reader does not know
    names = prog.names()
    from escpos.printer import Dummy

    has_cutter = Dummy(profile=profile).profile.supports("paperFullCut")
    assert names[0] == "init"
    assert (names[-1] == "cut") == has_cutter  # a cutter-less 58 mm printer just feeds out
    assert ("qr_store" in names) == native
    assert all(im.width <= DOTS[paper] for im in prog.rasters())
    rows = max(im.height for im in prog.rasters())
    assert rows <= 64, "raster must go in small fragments"
    paper_image = render(prog, DOTS[paper])
    assert qr_in(paper_image) == [URL]
    assert [op for op in prog.ops if op.name == "text"] == []  # no blocky printer font


def number_on_paper(data: bytes, half_width: int) -> Image.Image:
    """The number's fragments (printed doubled) stacked as the paper shows them."""
    width = (half_width + 7) // 8 * 8 * 2
    parts = [im for im in parse(data).rasters() if im.width == width]
    out = Image.new("1", (width, sum(im.height for im in parts)), 1)
    top = 0
    for im in parts:
        out.paste(im, (0, top))
        top += im.height
    return out


@pytest.mark.parametrize(("paper", "profile"), [(80, "default"), (58, "POS-5890")])
def test_the_number_is_the_font_drawn_crisp_and_large(paper: PaperMm, profile: str) -> None:
    data = TicketEncoder(paper, profile).encode(ticket_content(ticket(), CENTRE))
    assert data.count(b"\x1dv0\x03") >= 2  # GS v 0 doubled both ways, in fragments
    half = number_raster("1023", NUMBER_PX[paper])
    printed = number_on_paper(data, half.width)
    # Exactly the font's drawing, each pixel 2×2 dots (font A magnified 8× makes 8×8).
    padded = Image.new("1", ((half.width + 7) // 8 * 8, half.height), 1)
    padded.paste(half, (0, 0))
    expected = padded.resize((padded.width * 2, padded.height * 2), Image.Resampling.NEAREST)
    assert ImageChops.difference(printed.convert("L"), expected.convert("L")).getbbox() is None
    unit = text_block("PHƯỜNG HOÀNG MAI", SIZES[paper].unit, DOTS[paper], bold=True)
    assert printed.height >= 110 and printed.height > 3 * unit.height  # the largest thing
    assert printed.width <= DOTS[paper]


def test_large_print_is_larger_everywhere() -> None:
    content = ticket_content(ticket(), CENTRE)
    normal, large = TicketEncoder(80).encode(content), TicketEncoder(80, large=True).encode(content)
    n_half = number_raster("1023", NUMBER_PX[80])
    l_half = number_raster("1023", LARGE_NUMBER_PX[80])
    assert (
        number_on_paper(large, l_half.width).height > number_on_paper(normal, n_half.width).height
    )
    assert (
        text_block("Lĩnh vực: Hộ tịch", LARGE_SIZES[80].body, 576).height
        > text_block("Lĩnh vực: Hộ tịch", SIZES[80].body, 576).height
    )
    assert max(im.width for im in parse(large).rasters()) <= 576
    assert len(large) < 24 * 1024


def test_80mm_ticket_is_compact() -> None:
    data = TicketEncoder(80).encode(ticket_content(ticket(), CENTRE))
    assert len(data) < 12 * 1024


def test_unicode_url_goes_as_raster_qr() -> None:
    url = "http://hành-chính.vn/t/Số1023"
    prog = parse(TicketEncoder(80).encode(ticket_content(ticket(status_url=url), CENTRE)))
    assert "qr_store" not in prog.names()
    assert qr_in(render(prog, 576)) == [url]


def test_priority_only_when_priority() -> None:
    with_mark = ticket_content(ticket(), CENTRE)
    without = ticket_content(ticket(priority=None), CENTRE)
    assert with_mark.priority and "ƯU TIÊN" in with_mark.priority and without.priority is None
    assert len(TicketEncoder(80).encode(without)) < len(TicketEncoder(80).encode(with_mark))


def test_offline_ticket_says_so_and_guesses_nothing() -> None:
    """The kiosk's own number while the server is away: no QR, no queue length it cannot know."""
    c = ticket_content(
        ticket(
            number="K1-004",
            status_url="",
            waiting_ahead=None,
            estimated_wait_s=None,
            issued_offline=True,
        ),
        CENTRE,
    )
    assert c.number == "K1-004" and not c.status_url
    assert "Phiếu cấp khi mất kết nối máy chủ" in c.lines
    assert not any("đang chờ" in line for line in c.lines)
    assert not qr_in(render(parse(TicketEncoder(80).encode(c)), 576))


def test_text_is_nfc_and_english_on_request() -> None:
    decomposed = unicodedata.normalize("NFD", "Hộ tịch")
    content = ticket_content(ticket(service_name=decomposed), CENTRE)
    assert all(unicodedata.is_normalized("NFC", line) for line in content.all_text().splitlines())
    assert "Lĩnh vực: Hộ tịch" in content.lines
    assert "Số người chờ trước Quý vị: 7 · Dự kiến: ~15 phút" in content.lines
    english = ticket_content(ticket(), CENTRE, "en")
    assert english.title == "QUEUE TICKET" and "Service: Civil status" in english.lines


def test_long_service_names_wrap_never_cut() -> None:
    long = (
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng "
        "đất và nhà ở theo quy định của pháp luật hiện hành"
    )
    for dots in (384, 576):
        block = text_block(long, 22, dots)
        assert block.width <= dots and block.height > 3 * 22  # several lines
    one_word = text_block("Đăngkýbiếnđộngquyềnsửdụngđấtquyềnsởhữutàisảngắnliềnvớiđất", 22, 384)
    assert one_word.width <= 384


def test_every_vietnamese_mark_has_ink() -> None:
    """Each letter of 'Đ đ Ư ư Ơ ơ ậ ặ ễ ỗ ữ ỹ' differs from its bare base letter."""
    for marked, bare in zip("ĐđƯưƠơậặễỗữỹ", "DdUuOoaaeouy", strict=True):
        a, b = text_block(marked, 40, 200), text_block(bare, 40, 200)
        assert a.tobytes() != b.tobytes() or a.size != b.size, marked


def test_reader_refuses_unknown_bytes() -> None:
    with pytest.raises(UnknownCommand):
        parse(b"\x1b@\x1b\x07")
    with pytest.raises(UnknownCommand):
        parse(b"\x1dv0\x00\x10\x00\x10\x00\x00")  # a raster shorter than it claims


def test_the_centres_logo_heads_the_ticket_and_the_screens(server: Any) -> None:
    """The server serves the logo (the neutral placeholder by default) to anyone; the
    ticket prints it above the header as real raster dots."""
    from device_drivers.printers.escpos_reader import parse as parse_escpos
    from queue_server.board.logo import PLACEHOLDER

    answer = server.get("/api/v1/centres/hoang-mai/logo.png")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert answer.body == PLACEHOLDER.read_bytes()
    assert server.get("/api/v1/centres/nowhere/logo.png").status_code == 404
    plain = TicketEncoder(80).encode(ticket_content(sample_ticket(CENTRE), CENTRE))
    with_logo = TicketEncoder(80, logo=answer.body).encode(
        ticket_content(sample_ticket(CENTRE), CENTRE)
    )
    assert len(with_logo) > len(plain) + 96 * 96 // 8 // 2  # the logo's dots, ~1 KB
    parse_escpos(with_logo)  # still well-formed ESC/POS
