"""Code scanners: each yields decoded payloads behind one Protocol (`CodeScanner`)."""

from __future__ import annotations

from typing import Protocol


class CodeScanner(Protocol):
    """A source of decoded QR payloads (text, already UTF-8 decoded)."""

    def read(self, timeout_s: float) -> str | None:
        """The next payload, or None when nothing arrived within the timeout."""
        ...

    def close(self) -> None: ...
