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

LAST_DATABASE = DATA_DIR / "last-database.txt"
"""The database the last server or demo started on: `xephang report` reads it by default."""


def remember_database(url: str) -> None:
    """Called by `xephang server` and `xephang demo` as they start."""
    try:
        LAST_DATABASE.parent.mkdir(parents=True, exist_ok=True)
        LAST_DATABASE.write_text(url + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only install: the report then needs --db


def current_database() -> str:
    """XEPHANG_DB if set, else the database the last server or demo used, else the default."""
    if "XEPHANG_DB" in os.environ:
        return os.environ["XEPHANG_DB"]
    try:
        remembered = LAST_DATABASE.read_text(encoding="utf-8").strip()
    except OSError:
        remembered = ""
    return remembered or DEFAULT_DB


def shown_url(url: str) -> str:
    """A database URL safe to print: the password hidden."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL: print nothing of it
        return "(?)"


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens there (checked before anything is written)."""
    import socket

    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False
