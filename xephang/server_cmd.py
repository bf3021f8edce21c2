"""`xephang server`, `xephang devices add`, `xephang staff add`."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from typing import Any

from queue_core.centre import CentreConfig

from .accounts_cmd import add_device_actions, add_staff_actions
from .configfile import ConfigError, load_centres
from .paths import DEFAULT_DB, DEFAULT_SECRET, port_in_use


def _pick_centre(paths: list[str] | None, centre_id: str | None) -> CentreConfig:
    centres = load_centres(paths)
    if centre_id is None:
        if len(centres) > 1:
            raise ConfigError("several centres loaded: name one with --centre-id")
        return centres[0]
    for c in centres:
        if c.centre.id == centre_id:
            return c
    raise ConfigError(f"--centre-id {centre_id}: no such centre in the loaded files")


def add_commands(sub: Any) -> None:
    s = sub.add_parser(
        "server",
        help="Run the queue server that every device syncs to.",
        description="Run the queue server (HTTP API, live events, public ticket pages).",
    )
    s.add_argument(
        "--db",
        default=DEFAULT_DB,
        help="database URL: sqlite:///FILE (default %(default)s) or postgresql+psycopg://USER@HOST/DB",
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    s.add_argument("--port", type=int, default=8000, help="port (default %(default)s)")
    s.add_argument(
        "--centre",
        action="append",
        metavar="FILE",
        help="centre config TOML; repeat for several centres (default: config/centre.toml)",
    )
    s.add_argument(
        "--secret-file",
        default=DEFAULT_SECRET,
        help="the installation secret, made on first start (default %(default)s; see SECURITY.md)",
    )
    s.add_argument("--keepalive", type=float, default=15.0, help="seconds between SSE keep-alives")
    s.add_argument("--access-log", action="store_true", help="log every request")
    s.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port (PostgreSQL only; default %(default)s)",
    )
    s.add_argument(
        "--max-streams",
        type=int,
        default=12000,
        help="event streams one process keeps open (default %(default)s: 7 per centre)",
    )
    s.add_argument(
        "--speech",
        choices=["espeak-ng", "clips"],
        default="espeak-ng",
        help="how calls are spoken for browser displays (/screen/...; default %(default)s)",
    )
    s.add_argument("--clips", default="data/clips", help="clip folder for --speech clips")
    s.add_argument("--fd", type=int, help=argparse.SUPPRESS)  # a worker's inherited socket
    s.set_defaults(handler=run_server)

    d = sub.add_parser(
        "devices",
        help="Register devices and test their hardware.",
        description="Register devices and test their hardware.",
    )
    dsub = d.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    add = dsub.add_parser(
        "add",
        help="Register a device and print its token (the last word of the output).",
        description="Register a device (kiosk, display, counter, rating pad, manager tool) and print its bearer token once.",
    )
    add.add_argument(
        "--kind",
        required=True,
        choices=["kiosk", "display", "counter", "rating", "manager", "admin"],
    )
    add.add_argument(
        "--name", required=True, help="a name people recognise, e.g. 'Kiosk sảnh chính'"
    )
    add.add_argument("--counter", help="bind a counter or rating device to this counter id")
    add.add_argument("--db", default=DEFAULT_DB, help="database URL (default %(default)s)")
    add.add_argument(
        "--centre",
        action="append",
        metavar="FILE",
        help="centre config TOML (default: config/centre.toml)",
    )
    add.add_argument("--centre-id", help="which centre when several files are given")
    add.set_defaults(handler=run_devices_add)

    add_device_actions(dsub)

    pt = dsub.add_parser(
        "printer-test",
        help="Print a test ticket on a printer given by its device URL.",
        description="Print a test ticket: checks the printer's state before and after. "
        "URL examples: escpos+usb://0x0416:0x5011, escpos+serial:///dev/ttyUSB0?baudrate=115200, "
        "escpos+tcp://192.168.1.50:9100, escpos+file:///dev/usb/lp0, sim:///tmp/printer",
    )
    pt.add_argument("url", help="printer device URL")
    pt.add_argument("--paper", type=int, choices=[58, 80], default=80, help="paper width in mm")
    pt.add_argument(
        "--profile",
        default="default",
        help="python-escpos printer profile, e.g. TM-T20II, POS-5890",
    )
    pt.add_argument("--language", choices=["vi", "en"], default="vi")
    pt.add_argument(
        "--centre", metavar="FILE", help="centre config TOML (default: config/centre.toml)"
    )
    pt.set_defaults(handler=run_printer_test)

    sy = dsub.add_parser(
        "say",
        help="Speak a sentence in Vietnamese (or write it as a WAV).",
        description="Speak a sentence with the display's announcer: chime, then the text.",
    )
    sy.add_argument("text")
    sy.add_argument("--wav", help="write the announcement to this WAV file instead of playing it")
    sy.add_argument("--engine", choices=["espeak-ng", "clips"], default="espeak-ng")
    sy.add_argument("--clips", default="data/clips", help="clip folder for --engine clips")
    sy.set_defaults(handler=_say)
    rc = dsub.add_parser(
        "render-clips",
        help="Render the words and phrases of calls as WAV clips for the clip engine.",
        description="Render every word and phrase a call needs, with espeak-ng, into a folder.",
    )
    rc.add_argument("--out", default="data/clips", help="folder (default %(default)s)")
    rc.set_defaults(handler=_render_clips)

    st = sub.add_parser(
        "staff",
        help="Manage staff accounts (officers, managers).",
        description="Manage staff accounts.",
    )
    ssub = st.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    sadd = ssub.add_parser(
        "add",
        help="Create a staff account.",
        description="Create a staff account; the password is read from --password, or asked for.",
    )
    sadd.add_argument("--username", required=True)
    sadd.add_argument("--name", required=True, help="full name shown in reports")
    sadd.add_argument("--role", default="counter", choices=["counter", "manager", "admin"])
    sadd.add_argument("--password", help="omit to be asked (or pipe it on stdin)")
    sadd.add_argument("--db", default=DEFAULT_DB)
    sadd.add_argument("--centre", action="append", metavar="FILE")
    sadd.add_argument("--centre-id")
    sadd.set_defaults(handler=run_staff_add)
    add_staff_actions(ssub)


def run_server(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from queue_server.app import ServerSettings, create_app
    from queue_server.secret import SecretUnreadable
    from queue_server.serve import serve
    from queue_server.storage.database import SchemaTooNew

    if args.fd is None and port_in_use(args.host, args.port):
        print(
            f"xephang server: {args.host}:{args.port} is in use — another server is running "
            "there; stop it or choose --port",
            file=sys.stderr,
        )
        return 2
    centres = load_centres(args.centre)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.workers > 1:
        return run_workers(args, centres)
    settings = ServerSettings(
        db_url=args.db,
        centres=centres,
        keepalive_s=args.keepalive,
        secret_file=args.secret_file,
        streams_total=args.max_streams,
        speech_engine=args.speech,
        clips_dir=args.clips,
    )
    try:
        app = create_app(settings)
    except (SQLAlchemyError, SecretUnreadable, SchemaTooNew, OSError) as e:
        reason = str(getattr(e, "orig", None) or e).splitlines()[0][:300]
        print(f"xephang server: cannot open the database {args.db}: {reason}", file=sys.stderr)
        return 2
    serve(app, args.host, args.port, access_log=args.access_log, fd=args.fd)
    # The database is closed by the app's shutdown; do not wait ~10 s for the thread
    # pool's idle workers to time out before the process ends (restarts stay quick).
    logging.shutdown()
    sys.stdout.flush()
    os._exit(0)


def run_workers(args: argparse.Namespace, centres: list[CentreConfig]) -> int:
    """`--workers N`: the schema, centres and secret made once, then N processes."""
    from sqlalchemy.exc import SQLAlchemyError

    from queue_server.provision import open_database
    from queue_server.secret import SecretUnreadable, load_secret

    from .workers import Supervisor, child_arguments

    if args.db.startswith("sqlite"):
        print(
            "xephang server: --workers needs PostgreSQL — SQLite is written by one process "
            "(one writer thread); run one process, or use postgresql+psycopg://…",
            file=sys.stderr,
        )
        return 2
    try:
        open_database(args.db, centres).dispose()
        load_secret(args.secret_file)
    except (SQLAlchemyError, SecretUnreadable, OSError) as e:
        reason = str(getattr(e, "orig", None) or e).splitlines()[0][:300]
        print(f"xephang server: cannot open the database {args.db}: {reason}", file=sys.stderr)
        return 2
    child = child_arguments(
        db=args.db,
        centres=args.centre or [],
        secret_file=args.secret_file,
        keepalive=args.keepalive,
        max_streams=args.max_streams,
        access_log=args.access_log,
        speech=args.speech,
        clips=args.clips,
    )
    print(f"xephang server: {args.workers} workers on http://{args.host}:{args.port}", flush=True)
    return Supervisor(child, args.host, args.port, args.workers).run()


def _open_auth(db_url: str, centres: list[CentreConfig]) -> Any:
    from queue_server.auth import Authenticator
    from queue_server.provision import open_database

    return Authenticator(open_database(db_url, centres))


def run_devices_add(args: argparse.Namespace) -> int:
    from queue_server.auth import Role

    cfg = _pick_centre(args.centre, args.centre_id)
    if args.counter and cfg.counter(args.counter) is None:
        raise ConfigError(f"--counter {args.counter}: centre {cfg.centre.id} has no such counter")
    auth = _open_auth(args.db, [cfg])
    token = auth.add_device(cfg.centre.id, Role(args.kind), args.name, args.counter)
    print(f"Registered {args.kind} device '{args.name}' for centre {cfg.centre.id}. Token: {token}")
    return 0


def run_staff_add(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import IntegrityError

    from queue_server.auth import Role

    cfg = _pick_centre(args.centre, args.centre_id)
    password = args.password
    if password is None:
        password = (
            getpass.getpass("Mật khẩu / Password: ")
            if sys.stdin.isatty()
            else sys.stdin.readline().rstrip("\n")
        )
    if len(password) < 8:
        print("xephang staff add: the password needs at least 8 characters", file=sys.stderr)
        return 2
    auth = _open_auth(args.db, [cfg])
    try:
        auth.add_staff(cfg.centre.id, args.username, args.name, Role(args.role), password)
    except IntegrityError:
        print(f"xephang staff add: username '{args.username}' already exists", file=sys.stderr)
        return 2
    print(
        f"Created {args.role} account '{args.username}' ({args.name}) for centre {cfg.centre.id}."
    )
    return 0


def run_printer_test(args: argparse.Namespace) -> int:
    from device_drivers.printers.registry import open_printer
    from queue_core.device_errors import DeviceError
    from ticket_printer.printer import TicketPrinter, sample_ticket

    cfg = load_centres([args.centre] if args.centre else None)[0]
    try:
        transport = open_printer(args.url, args.paper, args.profile)
        printer = TicketPrinter(transport, cfg, args.paper, args.profile)
        print(f"printer state before: {transport.status().value}")
        ticket = sample_ticket(cfg)
        data = printer.ticket_bytes(ticket, args.language)
        after = printer.print_ticket(ticket, args.language)
    except DeviceError as e:
        print(f"xephang devices printer-test: {e}", file=sys.stderr)
        return 2
    print(f"printed a test ticket ({len(data)} bytes); printer state after: {after.value}")
    return 0


def _say(args: argparse.Namespace) -> int:
    from queue_display.app import say

    return say(args.text, args.wav, args.engine, args.clips)


def _render_clips(args: argparse.Namespace) -> int:
    from device_drivers.audio import EspeakEngine, SpeechError, render_clips

    try:
        written = render_clips(EspeakEngine(), args.out)
    except SpeechError as e:
        print(f"xephang devices render-clips: {e}", file=sys.stderr)
        return 2
    print(f"rendered {len(written)} clips into {args.out}")
    return 0
