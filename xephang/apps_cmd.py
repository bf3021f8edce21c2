"""The Qt device apps as subcommands (each imports Qt only when run)."""

from __future__ import annotations

import argparse
from typing import Any

from .paths import CONFIG_DIR


def add_commands(sub: Any) -> None:
    k = sub.add_parser(
        "kiosk",
        help="Run the touch kiosk: take a number, scan the ID card, look up procedures.",
        description="Run the touch kiosk (PySide6), full screen unless the config says otherwise.",
    )
    k.add_argument(
        "--config",
        default=str(CONFIG_DIR / "devices" / "kiosk.toml"),
        help="kiosk config TOML (default %(default)s)",
    )
    k.add_argument("--size", help="a window of this size instead of full screen, e.g. 1080x1920")
    k.set_defaults(handler=_run_kiosk)

    d = sub.add_parser(
        "display",
        help="Run the waiting-room display with spoken calls.",
        description="Run the waiting-room TV display (PySide6) with Vietnamese announcements.",
    )
    d.add_argument(
        "--config",
        default=str(CONFIG_DIR / "devices" / "display.toml"),
        help="display config TOML (default %(default)s)",
    )
    d.add_argument("--size", help="a window of this size instead of full screen, e.g. 1366x768")
    d.set_defaults(handler=_run_display)

    c = sub.add_parser(
        "counter",
        help="Run the counter client for an officer (or --headless with a keypad).",
        description="Run the counter client (PySide6): log in, choose the counter, call and serve. "
        "With --headless, only the call keypad and the LED sign run, on the counter's device token.",
    )
    c.add_argument(
        "--config",
        default=str(CONFIG_DIR / "devices" / "counter.toml"),
        help="counter config TOML (default %(default)s)",
    )
    c.add_argument("--headless", action="store_true", help="no window: keypad and LED sign only")
    c.set_defaults(handler=_run_counter)

    r = sub.add_parser(
        "rating-pad",
        help="Run the rating pad facing the citizen at a counter.",
        description="Run the rating pad (PySide6): after the counter finishes a citizen, it asks "
        "for a rating of the service; one rating per ticket, kept offline until sent.",
    )
    r.add_argument(
        "--config",
        default=str(CONFIG_DIR / "devices" / "rating-pad.toml"),
        help="rating pad config TOML (default %(default)s)",
    )
    r.add_argument("--counter", help="the counter this pad faces (overrides the config)")
    r.add_argument("--size", help="a window of this size instead of full screen, e.g. 1280x800")
    r.set_defaults(handler=_run_rating_pad)


def _run_rating_pad(args: argparse.Namespace) -> int:
    from kiosk.rating_app import run

    return run(args)


def _run_counter(args: argparse.Namespace) -> int:
    from counter_client.app import run

    return run(args)


def _run_display(args: argparse.Namespace) -> int:
    from queue_display.app import run

    return run(args)


def _run_kiosk(args: argparse.Namespace) -> int:
    from kiosk.app import run

    return run(args)
