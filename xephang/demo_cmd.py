"""`xephang demo`: the whole system on this machine with simulated devices.

Today it runs the queue server on the embedded SQLite with the default centre,
provisions a token for every device kind (written to data/tokens/, where the device
configs in config/devices/ look for them) and shows how to drive it. The device apps
join it as their issues land.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from queue_core.centre import CentreConfig

from .paths import DATA_DIR, DEFAULT_CENTRE

DEVICES = [
    ("kiosk", "kiosk", "Kiosk sảnh chính", None),
    ("display", "display", "Màn hình phòng chờ", None),
    ("counter-01", "counter", "Máy tính quầy 01", "01"),
    ("counter-02", "counter", "Máy tính quầy 02", "02"),
    ("rating-01", "rating", "Bảng đánh giá quầy 01", "01"),
    ("manager", "manager", "Lãnh đạo trung tâm", None),
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
    p.add_argument("--port", type=int, default=8000, help="server port (default %(default)s)")
    p.add_argument(
        "--data",
        default=str(DATA_DIR / "demo"),
        help="folder for the database, tokens and printed tickets",
    )
    p.set_defaults(handler=run)


def provision(data: Path, cfg: CentreConfig) -> dict[str, str]:
    """A fresh token for each simulated device, written where the device configs look."""
    from queue_server.app import register_centres
    from queue_server.auth import Authenticator, Role
    from queue_server.storage.database import Database

    db = Database(f"sqlite:///{data / 'xephang.db'}")
    db.ensure_schema()
    register_centres(db, [cfg])
    auth = Authenticator(db)
    for username, name in DEMO_STAFF:
        with contextlib.suppress(Exception):  # already there from an earlier demo run
            auth.add_staff(cfg.centre.id, username, name, Role.COUNTER, DEMO_PASSWORD)
    tokens_dir = data.parent / "tokens"
    tokens_dir.mkdir(parents=True, exist_ok=True)
    tokens = {}
    for file_name, kind, name, counter in DEVICES:
        token = auth.add_device(cfg.centre.id, Role(kind), name, counter)
        (tokens_dir / f"{file_name}.token").write_text(token + "\n", encoding="utf-8")
        (tokens_dir / f"{file_name}.token").chmod(0o600)
        tokens[file_name] = token
    db.dispose()
    return tokens


def device_configs(data: Path, port: int) -> dict[str, Path]:
    """Kiosk and display configs for this demo: its server, its tokens, simulated devices."""
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
        f'[audio]\nengine = "espeak-ng"\noutput = "{"default" if shutil.which("aplay") else "wav://" + str(data / "announcements")}"\n',
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


def start_apps(configs: dict[str, Path]) -> list[subprocess.Popen[bytes]]:
    """The Qt apps in their own processes, in windows, when there is a screen."""
    procs = []
    for name, path in configs.items():
        command = (
            "rating-pad" if name == "rating-pad" else name.split("-")[0]
        )  # counter-01 → counter
        size = {"kiosk": ["--size", "1920x1080"], "display": ["--size", "1280x720"]}.get(
            command, []
        )
        args = [sys.executable, "-m", "xephang", command, "--config", str(path), *size]
        procs.append(subprocess.Popen(args))
    return procs


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from queue_server.app import ServerSettings, create_app

    from .configfile import load_toml

    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    cfg = load_toml(DEFAULT_CENTRE, CentreConfig)
    provision(data, cfg)
    db_url = f"sqlite:///{data / 'xephang.db'}"
    app = create_app(ServerSettings(db_url=db_url, centres=[cfg]))
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=args.port, log_level="warning", timeout_graceful_shutdown=3
        )
    )
    base = f"http://127.0.0.1:{args.port}"
    print(f"XepHang demo — {cfg.centre.name}")
    print(f"  server      {base}   (API docs: {base}/docs, database: {db_url})")
    print(f"  tokens      {data.parent / 'tokens'}/*.token")
    print("  a day       xephang simulate --day --speed 120   (a realistic day through the API)")
    kiosk_token = data.parent / "tokens" / "kiosk.token"
    print(
        f"  try it      curl -s -XPOST {base}/api/v1/tickets"
        f' -H "Authorization: Bearer $(cat {kiosk_token})" -H "content-type: application/json"'
        """ -d '{"service_id": "ho-tich", "idempotency_key": "demo-0001"}'"""
    )
    apps: list[subprocess.Popen[bytes]] = []
    configs = device_configs(data, args.port)
    has_screen = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if args.headless or not has_screen:
        why = "--headless" if args.headless else "no screen found (DISPLAY is not set)"
        print(f"  windows     none ({why}); kiosk and display configs: {data}/*.toml")
    else:
        threading.Timer(1.5, lambda: apps.extend(start_apps(configs))).start()
        print(
            f"  windows     kiosk and waiting-room display; printed tickets in {data / 'printer'}"
        )

    def stop_apps() -> None:
        for proc in apps:
            proc.terminate()
        for proc in apps:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)

    def stop_all() -> None:
        stop_apps()  # devices first, so no stream is cut by the server going away
        server.should_exit = True

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
    print("XepHang demo stopped.")
    return 0
