"""Debian's Chromium driven by Playwright (no browser download): the flags this closed
machine needs (no background networking, no first run), sound allowed without a touch
unless a test asks for the TV browser's default, and a fresh profile each time."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Playwright, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--mute-audio",
]


def chromium_path() -> str | None:
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


def launch(pw: Playwright, *, autoplay: bool = True) -> Browser:
    """A headless Debian Chromium; `autoplay=False` keeps the default policy of a TV
    browser, which plays no sound before a person touches the page."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("Debian's chromium is not installed: ./run test installs it")
    flags = [*FLAGS]
    # Headless Chromium plays without a touch by default; a TV's browser does not.
    policy = "no-user-gesture-required" if autoplay else "document-user-activation-required"
    flags.append(f"--autoplay-policy={policy}")
    if os.geteuid() == 0:
        flags.append("--no-sandbox")
    return pw.chromium.launch(
        executable_path=path,
        args=flags,
        headless=True,
        ignore_default_args=["--autoplay-policy=no-user-gesture-required"],  # Playwright's own
    )


@contextmanager
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@contextmanager
def chromium(*, autoplay: bool = True) -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = launch(pw, autoplay=autoplay)
        try:
            yield browser
        finally:
            browser.close()
