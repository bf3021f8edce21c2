"""The Qt device apps as subcommands (each imports Qt only when run)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from .configfile import ConfigError, load_toml
from .paths import CONFIG_DIR

M = TypeVar("M", bound=BaseModel)


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


def parse_size(text: str | None) -> tuple[int, int] | None:
    """'1080x1920' → (1080, 1920); a window of that size instead of full screen."""
    if not text:
        return None
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise ConfigError(f"--size {text}: expected WIDTHxHEIGHT, e.g. 1080x1920") from None
    return w, h


def _app_config(path: str, model: type[M]) -> M:
    """The app's config file, read and checked here: the apps get objects, not files."""
    return load_toml(path, model)


def _guarded(run: Callable[[], int], app: str) -> int:
    """A missing token file is one line naming it and the command that makes it."""
    from queue_client.tokens import TokenMissing

    try:
        return run()
    except TokenMissing as e:
        print(f"xephang {app}: {e}", file=sys.stderr)
        return 2


def _run_rating_pad(args: argparse.Namespace) -> int:
    from queue_client.device_config import RatingPadConfig
    from rating_pad.app import run

    cfg = _app_config(args.config, RatingPadConfig)
    size = parse_size(args.size)
    return _guarded(lambda: run(cfg, args.counter, size), "rating-pad")


def _run_counter(args: argparse.Namespace) -> int:
    from counter_client.app import run
    from queue_client.device_config import CounterConfig

    cfg = _app_config(args.config, CounterConfig)
    return _guarded(lambda: run(cfg, args.headless), "counter")


def _run_display(args: argparse.Namespace) -> int:
    from queue_client.device_config import DisplayConfig
    from queue_display.app import run

    cfg = _app_config(args.config, DisplayConfig)
    size = parse_size(args.size)
    return _guarded(lambda: run(cfg, size), "display")


def _run_kiosk(args: argparse.Namespace) -> int:
    from kiosk.app import run
    from queue_client.device_config import KioskConfig

    cfg = _app_config(args.config, KioskConfig)
    size = parse_size(args.size)
    return _guarded(lambda: run(cfg, size), "kiosk")
