"""Where the shipped configuration and the default data folder live."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG_DIR = Path(os.environ.get("XEPHANG_CONFIG_DIR", REPO / "config"))
DEFAULT_CENTRE = CONFIG_DIR / "centre.toml"
DATA_DIR = Path(os.environ.get("XEPHANG_DATA_DIR", REPO / "data"))
DEFAULT_DB = os.environ.get("XEPHANG_DB", f"sqlite:///{DATA_DIR / 'xephang.db'}")
DEFAULT_SECRET = os.environ.get("XEPHANG_SECRET_FILE", str(DATA_DIR / "installation.key"))
"""The installation secret (see SECURITY.md): outside the database, the same file for
every server process of an installation."""
