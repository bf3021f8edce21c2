"""Minimal personal data: what the queue keeps of an ID number, and nothing more."""

from __future__ import annotations


def mask_id(id_number: str) -> str:
    """'001099012345' → '0010******45': enough for an officer to match a card, no more."""
    digits = id_number.strip()
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]
