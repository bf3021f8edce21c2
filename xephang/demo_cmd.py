"""`xephang demo`: the whole system on this machine with simulated devices.

The queue server on the embedded SQLite with the default centre, a token for every
device (data/tokens/), and the apps in their own processes: with a screen, the kiosk,
the waiting-room display, counters 01 and 02 and the rating pad of counter 01 in windows;
with `--headless`, the display offscreen (its announcements written as WAV files) and a
simulated day whose kiosk prints every ticket on the simulated printer. `--simulate
SPEED` plays that day with windows too; `--minutes N` stops by itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from queue_core.centre import CentreConfig

from .paths import DATA_DIR, DEFAULT_CENTRE, port_in_use, remember_database

DEVICES = [
    ("kiosk", "kiosk", "Kiosk sảnh chính", None),
    ("display", "display", "Màn hình phòng chờ", None),
    ("screen-tv", "display", "TV phòng chờ (trình duyệt)", None),
    ("counter-01", "counter", "Máy tính quầy 01", "01"),
    ("counter-02", "counter", "Máy tính quầy 02", "02"),
    ("rating-01", "rating", "Bảng đánh giá quầy 01", "01"),
    ("manager", "manager", "Lãnh đạo trung tâm", None),
    ("simulator-counter", "counter", "Mô phỏng cán bộ các quầy", None),
    ("simulator-rating", "rating", "Mô phỏng công dân đánh giá", None),
]
DEMO_STAFF = [("canbo01", "Nguyễn Thị Lan"), ("canbo02", "Trần Văn Minh")]
DEMO_PASSWORD = "demo-1234"


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="Run the whole system on this machine with simulated devices.",
        description="Run the queue server on the embedded SQLite with the default centre and "
        "simulated devices; Ctrl+C stops it.",
    )
    p.add_argument("--headless", action="store_true", help="no windows (servers and CI)")
    p.add_argument("--minutes", type=float, help="stop by itself after this many minutes")
    p.add_argument(
        "--simulate",
        type=float,
        metavar="SPEED",
        help="play a simulated day through the system at this speed-up "
        "(default: 60 with --headless, none with windows; 0 for none)",
    )
    p.add_argument("--port", type=int, default=8000, help="server port (default %(default)s)")
    p.add_argument(
        "--data",
        default=str(DATA_DIR / "demo"),
        help="folder for the database, tokens and printed tickets",
    )
    p.set_defaults(handler=run)


def provision(data: Path, cfg: CentreConfig) -> dict[str, str]:
    """A fresh token for each simulated device, written where the device configs look."""
    from queue_server import provision as p

    tokens = p.provision(
        f"sqlite:///{data / 'xephang.db'}",
        [cfg],
        devices=[
            p.DeviceSpec(label, p.Role(kind), name, counter)
            for label, kind, name, counter in DEVICES
        ],
        staff=[p.StaffSpec(u, name, p.Role.COUNTER, DEMO_PASSWORD) for u, name in DEMO_STAFF],
    )
    tokens_dir = data.parent / "tokens"
    tokens_dir.mkdir(parents=True, exist_ok=True)
    for file_name, token in tokens.items():
        (tokens_dir / f"{file_name}.token").write_text(token + "\n", encoding="utf-8")
        (tokens_dir / f"{file_name}.token").chmod(0o600)
    simulator = {
        "kiosk": tokens["kiosk"],
        "counter": tokens["simulator-counter"],
        "rating": tokens["simulator-rating"],
        "manager": tokens["manager"],
    }
    (tokens_dir / "simulator.json").write_text(json.dumps(simulator, indent=1), encoding="utf-8")
    (tokens_dir / "simulator.json").chmod(0o600)
    return simulator


def device_configs(data: Path, port: int, *, speakers: bool) -> dict[str, Path]:
    """Configs for this demo's apps: its server, its tokens, simulated devices; without
    speakers the display writes each announcement as a WAV file instead."""
    tokens = data.parent / "tokens"
    server = f'[server]\nurl = "http://127.0.0.1:{port}"\n'
    kiosk = data / "kiosk.toml"
    kiosk.write_text(
        server + f'token_file = "{tokens / "kiosk.token"}"\n\n[kiosk]\nfullscreen = false\n'
        f'orientation = "landscape"\nstore_path = "{data / "kiosk-store.db"}"\n'
        f'split_services = ["chung-thuc"]\n\n[printer]\nurl = "sim://{data / "printer"}"\n\n'
        '[scanner]\nurl = "keyboard:"\n',
        encoding="utf-8",
    )
    display = data / "display.toml"
    display.write_text(
        server + f'token_file = "{tokens / "display.token"}"\n\n[display]\nfullscreen = false\n\n'
        f'[audio]\nengine = "espeak-ng"\noutput = "{"default" if speakers else "wav://" + str(data / "announcements")}"\n',
        encoding="utf-8",
    )
    rating = data / "rating-pad.toml"
    rating.write_text(
        server + f'token_file = "{tokens / "rating-01.token"}"\n\n[rating_pad]\ncounter_id = "01"\n'
        f'fullscreen = false\nstore_path = "{data / "rating-outbox.db"}"\n',
        encoding="utf-8",
    )
    configs = {"kiosk": kiosk, "display": display, "rating-pad": rating}
    for i, (username, _) in enumerate(DEMO_STAFF, start=1):
        counter = data / f"counter-{i:02d}.toml"
        counter.write_text(
            server + f'\n[counter]\ncounter_id = "{i:02d}"\nusername = "{username}"\n'
            f'store_path = "{data / f"counter-{i:02d}.db"}"\n',
            encoding="utf-8",
        )
        configs[f"counter-{i:02d}"] = counter
    return configs


def start_apps(configs: dict[str, Path], *, headless: bool) -> list[subprocess.Popen[bytes]]:
    """The Qt apps in their own processes: all in windows, or headless the display alone,
    offscreen (the simulated day stands in for the kiosk, the officers and the pad)."""
    procs = []
    # Offscreen, Qt warns at every redraw that it cannot size a window; nobody sees one.
    quiet = "qt.qpa.*.warning=false;default.warning=false"
    env = (
        {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": quiet}
        if headless
        else None
    )
    for name, path in configs.items():
        if headless and name != "display":
            continue
        command = (
            "rating-pad" if name == "rating-pad" else name.split("-")[0]
        )  # counter-01 → counter
        size = {"kiosk": ["--size", "1920x1080"], "display": ["--size", "1280x720"]}.get(
            command, []
        )
        args = [sys.executable, "-m", "xephang", command, "--config", str(path), *size]
        # A session of their own: Ctrl+C in the terminal reaches the demo, which stops
        # them in order, instead of every app at once in the middle of a request.
        procs.append(subprocess.Popen(args, env=env, start_new_session=True))
    return procs


def simulated_day(
    base: str,
    tokens: dict[str, str],
    cfg: CentreConfig,
    paper: Path,
    *,
    speed: float,
    minutes: float | None,
) -> Any:
    """A day through the running demo; its kiosk prints every ticket on a simulated
    printer whose paper lands in `paper`."""
    from device_drivers.printers.sim import SimPrinter
    from ticket_printer.printer import TicketPrinter

    from .day_sim import DaySim, HttpKiosk, Retrier, Tally

    tally = Tally()
    printer = TicketPrinter(SimPrinter(paper), cfg, 80)
    kiosk = HttpKiosk(base, tokens["kiosk"], Retrier(tally), on_ticket=printer.print_ticket)
    return DaySim(
        base,
        tokens,
        cfg,
        speed=speed,
        kiosk=kiosk,
        tally=tally,
        stop_after_s=minutes * 60 if minutes else None,
    )


def run(args: argparse.Namespace) -> int:
    from queue_server.app import ServerSettings, create_app
    from queue_server.serve import uvicorn_server

    from .configfile import load_toml

    if port_in_use("127.0.0.1", args.port):
        print(
            f"xephang demo: port {args.port} is in use — is another demo or server running? "
            f"Stop it, or start this one with --port {args.port + 1}",
            file=sys.stderr,
        )
        return 2
    data = Path(args.data).resolve()  # device URLs carry it: "sim://data/…" would be a host
    data.mkdir(parents=True, exist_ok=True)
    cfg = load_toml(DEFAULT_CENTRE, CentreConfig)
    tokens = provision(data, cfg)
    db_url = f"sqlite:///{data / 'xephang.db'}"
    if data.is_relative_to(DATA_DIR.resolve()):  # `xephang report` then reads this one
        remember_database(db_url)
    secret = str(data / "installation.key")
    app = create_app(ServerSettings(db_url=db_url, centres=[cfg], secret_file=secret))
    server = uvicorn_server(app, "127.0.0.1", args.port)
    base = f"http://127.0.0.1:{args.port}"
    has_screen = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    headless = args.headless or not has_screen
    speed = args.simulate if args.simulate is not None else (60.0 if headless else 0.0)
    configs = device_configs(data, args.port, speakers=not headless and bool(shutil.which("aplay")))
    print(f"XepHang demo — {cfg.centre.name}")
    print(f"  server      {base}   (API docs: {base}/docs, database: {db_url})")
    print(f"  tokens      {data.parent / 'tokens'}/*.token")
    if headless:
        why = "--headless" if args.headless else "no screen found (DISPLAY is not set)"
        print(
            f"  windows     none ({why}); the display runs offscreen, its announcements "
            f"as WAV files in {data / 'announcements'}"
        )
    else:
        print(
            "  windows     kiosk, waiting-room display, counters 01 and 02 "
            f"(log in as {DEMO_STAFF[0][0]} / {DEMO_STAFF[1][0]}, password {DEMO_PASSWORD}), "
            "rating pad of counter 01"
        )
    print(f"  tickets     printed as .bin + .png in {data / 'printer'}")
    sim_line = f"xephang simulate --day --server {base} --tokens {data.parent / 'tokens' / 'simulator.json'}"
    if speed:
        print(f"  a day       simulated at {speed:g}× through the system (also: {sim_line})")
    else:
        print(f"  a day       {sim_line} --speed 120")
    tv_token = (data.parent / "tokens" / "screen-tv.token").read_text(encoding="utf-8").strip()
    print(f"  web TV      {base}/screen/tv-1#{tv_token}   (open it in any TV's browser)")
    kiosk_token = data.parent / "tokens" / "kiosk.token"
    print(
        f"  try it      curl -s -XPOST {base}/api/v1/tickets"
        f' -H "Authorization: Bearer $(cat {kiosk_token})" -H "content-type: application/json"'
        """ -d '{"service_id": "ho-tich", "idempotency_key": "demo-0001"}'"""
    )
    apps: list[subprocess.Popen[bytes]] = []
    sims: list[Any] = []
    # Headless, the simulated kiosk is the only one; with windows the real kiosk prints
    # into the printer folder, and the simulated one beside it.
    paper = data / "printer" if headless else data / "printer" / "simulated"

    def start_devices() -> None:
        apps.extend(start_apps(configs, headless=headless))
        if speed:
            sim = simulated_day(base, tokens, cfg, paper, speed=speed, minutes=args.minutes)
            sims.append(sim)
            threading.Thread(target=sim.run, daemon=True).start()

    threading.Timer(1.5, start_devices).start()

    def stop_apps() -> None:
        for proc in apps:
            proc.terminate()
        for proc in apps:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)

    def stop_all() -> None:
        stop_apps()  # devices first, so no stream is cut by the server going away
        server.should_exit = True

    def on_ctrl_c(_signum: int, _frame: Any) -> None:
        """Ctrl+C: the same quiet order as the timer's stop (uvicorn's own handler
        would stop the server under the apps' open streams, with tracebacks)."""
        if not server.should_exit:
            print("\nstopping…", flush=True)
            threading.Thread(target=stop_all, daemon=True).start()

    server.handle_exit = on_ctrl_c  # type: ignore[method-assign,assignment]  # uvicorn installs it

    if args.minutes:
        timer = threading.Timer(args.minutes * 60, stop_all)
        timer.daemon = True
        timer.start()
        print(f"  stops       by itself after {args.minutes:g} minute(s); Ctrl+C stops it sooner")
    else:
        print("  stop        Ctrl+C")
    sys.stdout.flush()
    try:
        server.run()
    finally:
        stop_apps()
    for sim in sims:
        t = sim.tally
        print(
            f"simulated: issued {t.issued} (printed {len(list(paper.glob('*.png')))} in "
            f"{paper}), served {t.served}, no-show {t.no_show}, "
            f"transferred {t.transferred}, rated {t.ratings}"
        )
    print("XepHang demo stopped.")
    return 0
