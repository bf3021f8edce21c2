"""The page, its script and its stylesheet, and the version a TV compares to reload
itself after an upgrade (the package version and a digest of these files)."""

from __future__ import annotations

import hashlib
import importlib.metadata
from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape

from queue_core import screen_text

STATIC = {"screen.js": "text/javascript", "pair.js": "text/javascript", "screen.css": "text/css"}


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("queue_server.screen", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["words"] = screen_text
    return env


@cache
def static_file(name: str) -> bytes:
    return (files("queue_server.screen") / "static" / name).read_bytes()


@cache
def version() -> str:
    """Changes when the server is upgraded or a screen file changes."""
    digest = hashlib.sha256()
    for name in sorted(STATIC):
        digest.update(static_file(name))
    for name in ("base.html", "page.html", "frame.html", "board.html", "pair.html"):
        digest.update((files("queue_server.screen") / "templates" / name).read_bytes())
    return f"{importlib.metadata.version('xephang')}+{digest.hexdigest()[:10]}"
