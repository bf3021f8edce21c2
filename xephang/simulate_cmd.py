"""`xephang simulate --day`: a realistic day driven through the HTTP API, ending with the
day's report."""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .paths import DEFAULT_CENTRE


def add_command(sub: Any) -> None:
    s = sub.add_parser(
        "simulate",
        help="Drive a realistic day at the centre through the HTTP API.",
        description="Simulate a day at the centre through the real HTTP API: arrivals by hour "
        "with a morning peak, a mix of lĩnh vực and priority citizens, service times per lĩnh "
        "vực, no-shows, transfers, ratings; at a speed-up; against a running server (--server "
        "with --tokens) or one it starts on SQLite. Ends with the day's report.",
    )
    s.add_argument("--day", action="store_true", required=True, help="simulate one working day")
    s.add_argument(
        "--speed",
        type=float,
        default=120.0,
        help="simulated seconds per real second (default %(default)s)",
    )
    s.add_argument("--scale", type=float, default=1.0, help="arrivals × this (default %(default)s)")
    s.add_argument("--seed", type=int, default=2025)
    s.add_argument("--server", help="a running server's URL; needs --tokens")
    s.add_argument(
        "--tokens", help="JSON file with kiosk, counter (unbound), rating and manager tokens"
    )
    s.add_argument(
        "--db", help="database for the server it starts (default: a temporary SQLite file)"
    )
    s.set_defaults(handler=run)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db_url: str) -> tuple[str, dict[str, str], Any]:
    """The queue server in this process, on a loopback port, with fresh device tokens."""
    from queue_core.centre import CentreConfig
    from queue_server.app import ServerSettings, create_app
    from queue_server.provision import DeviceSpec, Role, provision
    from queue_server.serve import BackgroundServer

    from .configfile import load_toml

    cfg = load_toml(DEFAULT_CENTRE, CentreConfig)
    roles = ("kiosk", "counter", "rating", "manager")
    tokens = provision(db_url, [cfg], [DeviceSpec(r, Role(r), f"simulator {r}") for r in roles])
    settings = ServerSettings(db_url=db_url, centres=[cfg], secret_file=None)  # a throw-away day
    server = BackgroundServer(create_app(settings), free_port())
    return server.start().base, tokens, server


def run(args: argparse.Namespace) -> int:
    from queue_client.api import ApiClient
    from queue_server.reports.export import table

    from .day_sim import DaySim

    server = None
    if args.server:
        if not args.tokens:
            print("xephang simulate: --server needs --tokens FILE.json", file=sys.stderr)
            return 2
        base, tokens = args.server, json.loads(Path(args.tokens).read_text(encoding="utf-8"))
    else:
        db = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='xephang-sim-')) / 'day.db'}"
        base, tokens, server = start_server(db)
        print(f"server {base} on {db}")
    centre = ApiClient(base, tokens["kiosk"]).centre()
    sim = DaySim(base, tokens, centre, speed=args.speed, scale=args.scale, seed=args.seed)
    started = time.monotonic()
    tally = sim.run()
    print(
        f"simulated a day in {time.monotonic() - started:.0f} s: issued {tally.issued} "
        f"({tally.priority} priority), served {tally.served}, no-show {tally.no_show}, "
        f"transferred {tally.transferred}, rated {tally.ratings}, errors {len(tally.errors)}"
    )
    report = ApiClient(base, tokens["manager"]).report_summary()
    print(table(report.model_dump(by_alias=True)))
    if server is not None:
        server.stop()
    return 0 if not tally.errors else 1
