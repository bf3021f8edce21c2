"""The centre's logo: its own PNG when the centre file names one, else the neutral
placeholder shipped in queue_server/static (read once per file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from queue_core.centre import CentreConfig

PLACEHOLDER = Path(__file__).resolve().parents[1] / "static" / "logo.png"
PNG = b"\x89PNG\r\n\x1a\n"


@lru_cache(maxsize=64)
def _read(path: str) -> bytes:
    data = Path(path).read_bytes()
    if not data.startswith(PNG):
        raise ValueError(f"{path}: not a PNG")
    return data


def logo_png(cfg: CentreConfig) -> bytes:
    try:
        return _read(cfg.centre.logo or str(PLACEHOLDER))
    except (OSError, ValueError):  # a wrong path must not break the kiosks: the placeholder
        return _read(str(PLACEHOLDER))
