"""`xephang cccd parse` and `xephang scan image`: the ID-card tools for IT staff."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any


def add_commands(sub: Any) -> None:
    c = sub.add_parser(
        "cccd",
        help="Parse the QR payload of a citizen ID card (CCCD / Căn cước).",
        description="Tools for the QR code on the citizen ID card.",
    )
    csub = c.add_subparsers(dest="cccd_command", metavar="ACTION", required=True)
    parse = csub.add_parser(
        "parse",
        help="Read one payload on stdin and print it as JSON (exit 2 when invalid).",
        description="Read one QR payload on standard input, check it and print its fields as "
        "JSON. An invalid payload prints the reason on stderr and exits 2.",
    )
    parse.add_argument(
        "--today", type=date.fromisoformat, help="check dates as of this day (YYYY-MM-DD)"
    )
    parse.set_defaults(handler=run_parse)

    s = sub.add_parser(
        "scan",
        help="Decode QR codes from images with the kiosk's scanner pipeline.",
        description="Decode QR codes with the kiosk's scanner pipeline.",
    )
    ssub = s.add_subparsers(dest="scan_command", metavar="ACTION", required=True)
    image = ssub.add_parser(
        "image",
        help="Decode still images; print one JSON line per file.",
        description="Decode still images and print one JSON line per file: its path and the "
        "decoded text, or the reason nothing was found.",
    )
    image.add_argument("paths", nargs="+", metavar="PATH")
    image.add_argument("--decoder", choices=["zxing", "zbar"], default="zxing")
    image.set_defaults(handler=run_scan_image)


def run_parse(args: argparse.Namespace) -> int:
    from queue_core.cccd import CardError, parse_card

    payload = sys.stdin.read()
    try:
        card = parse_card(payload, args.today or date.today())
    except CardError as e:
        print(f"xephang cccd parse: {e.message}", file=sys.stderr)
        return 2
    print(json.dumps(card.as_json(), ensure_ascii=False, indent=2))
    return 0


def run_scan_image(args: argparse.Namespace) -> int:
    import cv2

    from device_drivers.scanners.decode import decode_image

    found_any = False
    for path in args.paths:
        image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        if image is None:
            line: dict[str, Any] = {"path": path, "error": "cannot read the image file"}
        else:
            texts = decode_image(image, args.decoder)
            if texts:
                found_any = True
                line = {"path": path, "text": texts[0]}
                if len(texts) > 1:
                    line["more"] = texts[1:]
            else:
                line = {"path": path, "error": "no QR code found"}
        print(json.dumps(line, ensure_ascii=False), flush=True)
    return 0 if found_any else 1
