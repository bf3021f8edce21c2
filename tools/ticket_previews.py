"""Render the tickets in docs/ from the exact ESC/POS bytes, as the simulator reads them:
80 mm with the centre's logo, 58 mm (POS-5890: the QR as raster), 80 mm large print.

    .venv/bin/python -m tools.ticket_previews
"""

from __future__ import annotations

from pathlib import Path

from device_drivers.printers.escpos_reader import parse, render
from queue_core.paper import DOTS, PaperMm
from queue_server.board.logo import PLACEHOLDER
from testkit.servers import CENTRE
from ticket_printer.encode import TicketEncoder
from ticket_printer.layout import ticket_content
from ticket_printer.printer import sample_ticket

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> None:
    content = ticket_content(sample_ticket(CENTRE), CENTRE)
    logo = PLACEHOLDER.read_bytes()
    jobs: list[tuple[str, PaperMm, TicketEncoder]] = [
        ("ticket-80mm.png", 80, TicketEncoder(80, logo=logo)),
        ("ticket-58mm.png", 58, TicketEncoder(58, "POS-5890", logo=logo)),
        ("ticket-80mm-large.png", 80, TicketEncoder(80, logo=logo, large=True)),
    ]
    for name, paper, encoder in jobs:
        data = encoder.encode(content)
        render(parse(data), DOTS[paper]).save(DOCS / name)
        print(f"docs/{name}: {len(data):,} bytes of ESC/POS")


if __name__ == "__main__":
    main()
