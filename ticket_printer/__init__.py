"""Ticket layout and rendering for ESC/POS thermal printers (issue 4)."""
