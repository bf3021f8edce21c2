"""`xephang`: one command with a subcommand per program and tool."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import apps_cmd, card_cmd, demo_cmd, report_cmd, server_cmd, simulate_cmd
from .configfile import ConfigError

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xephang",
        description="XepHang — kiosk and queue management for public service centres.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    server_cmd.add_commands(sub)
    demo_cmd.add_command(sub)
    card_cmd.add_commands(sub)
    apps_cmd.add_commands(sub)
    report_cmd.add_command(sub)
    simulate_cmd.add_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ConfigError as e:
        print(f"xephang: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
