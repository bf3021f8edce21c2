"""Printing benchmark: render + encode time, bytes per ticket, and transfer time.

    .venv/bin/python -m bench.printing [--tickets 200]

Each ticket differs (number, waiting count, time), as at a busy kiosk; the header,
title and footer come from the render cache after the first ticket. Transfer time:
serial sends 10 bits per byte; USB full-speed bulk taken as 1 MB/s.
Targets: render + encode < 30 ms, an 80 mm ticket < 12 KB.
"""

from __future__ import annotations

import argparse
import time

from queue_core.stats import percentile
from testkit.servers import CENTRE
from ticket_printer.encode import TicketEncoder
from ticket_printer.layout import ticket_content
from ticket_printer.printer import sample_ticket
from ticket_printer.render import text_block

CASES = [
    (80, "default", "80 mm, native QR"),
    (80, "TM-T20II", "80 mm TM-T20II"),
    (58, "default", "58 mm, native QR"),
    (58, "POS-5890", "58 mm POS-5890, raster QR"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description="Ticket render/encode speed and size")
    ap.add_argument("--tickets", type=int, default=200)
    args = ap.parse_args()
    print(
        "| paper / profile | cold ms | p50 ms | p99 ms | bytes (max) | 9600 baud | 115200 baud | USB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for paper, profile, label in CASES:
        text_block.cache_clear()
        enc = TicketEncoder(paper, profile)  # type: ignore[arg-type]
        times, sizes = [], []
        for i in range(args.tickets):
            t = sample_ticket(CENTRE).model_copy(
                update={
                    "number": str(1001 + i),
                    "waiting_ahead": i % 40,
                    "estimated_wait_s": 60 * (i % 40),
                    "issued_at": f"2025-05-27T{8 + i // 60 % 9:02d}:{i % 60:02d}:00+07:00",
                    "priority": None if i % 5 else "nguoi-cao-tuoi",
                }
            )
            start = time.perf_counter()
            data = enc.encode(ticket_content(t, CENTRE))
            times.append(time.perf_counter() - start)
            sizes.append(len(data))
        big = max(sizes)
        print(
            f"| {label} | {times[0] * 1000:.1f} | {1000 * (percentile(times, 50) or 0):.1f} | "
            f"{1000 * (percentile(times, 99) or 0):.1f} | {big:,} | {big * 10 / 9600:.1f} s | "
            f"{big * 10 / 115200:.2f} s | {big / 1_000_000 * 1000:.0f} ms |",
            flush=True,
        )


if __name__ == "__main__":
    main()
