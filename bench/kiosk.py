"""Kiosk benchmark: the longest stall of the UI thread, and the time from the confirming
touch to the ticket handed to the printer, while printing to a 115200-baud serial printer
(a pty, paced like the real line) with the server online, and while the server is
unreachable (it accepts connections and never answers: every request waits for its
time-out); memory of the kiosk.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.kiosk [--tickets 30]

Targets: UI-thread stall ≤ 50 ms; < 300 ms to the printer online; < 250 MB resident.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import tty
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from device_drivers.printers.registry import open_printer
from device_drivers.scanners.sim import SimScanner
from kiosk.app import Kiosk, build_kiosk
from queue_client.device_config import KioskConfig, KioskSection, ServerLink
from queue_client.store import LocalStore
from queue_client.tokens import device_api
from queue_core.paper import PrinterTransport
from queue_core.stats import percentile
from testkit.servers import ServerProcess
from testkit.virtual_printer import VirtualPrinter


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def kiosk_process_rss(srv: ServerProcess, work: Path) -> float:
    """Resident memory of a real `xephang kiosk` process, started on its own."""
    config = work / "kiosk.toml"
    config.write_text(
        f'[server]\nurl = "{srv.base}"\ntoken = "{srv.tokens["kiosk"]}"\n'
        f'[kiosk]\nfullscreen = false\nstore_path = "{work / "k2.db"}"\n'
        f'[printer]\nurl = "sim://{work / "printer2"}"\n',
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "xephang", "kiosk", "--config", str(config), "--size", "1080x1920"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(8)
        return rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)


class StallMeter:
    """A 5 ms timer on the UI thread: the longest gap between its ticks is the longest
    time the window could not have answered a touch."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self.longest, self._last = 0.0, time.perf_counter()
        self.timer.start()


def blackhole() -> tuple[socket.socket, str]:
    """A server that takes connections and never answers."""
    s = socket.create_server(("127.0.0.1", 0), backlog=128)
    return s, f"http://127.0.0.1:{s.getsockname()[1]}"


def serial_printer() -> tuple[PrinterTransport, VirtualPrinter, tuple[int, int]]:
    master, slave = os.openpty()
    tty.setraw(master)
    vp = VirtualPrinter()
    vp.serve_pty(master, baud=115200)
    url = f"escpos+serial://{os.ttyname(slave)}?baudrate=115200"
    return open_printer(url), vp, (master, slave)


def spin(done: Callable[[], bool]) -> None:
    """Run the Qt event loop, as the app does, until `done()`."""
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(2)
    check.timeout.connect(lambda: loop.quit() if done() else None)
    check.start()
    loop.exec()
    check.stop()


def seconds_from_now(s: float) -> Callable[[], bool]:
    end = time.perf_counter() + s
    return lambda: time.perf_counter() > end


def run_tickets(app: QApplication, k: Kiosk, n: int, meter: StallMeter) -> list[float]:
    """Touch → bytes handed, for n tickets; the stall meter runs throughout."""
    p = k.presenter
    times = []
    meter.start()
    for i in range(n):
        p.take_number()
        p.choose_service(["ho-tich", "chung-thuc", "dat-dai"][i % 3])
        app.processEvents()
        start = time.perf_counter()
        p.confirm()
        spin(lambda: not p.state.busy)
        times.append(time.perf_counter() - start)
        p.home()
        app.processEvents()
    meter.timer.stop()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description="Kiosk UI-thread stalls, touch-to-print, memory")
    ap.add_argument("--tickets", type=int, default=30)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        srv = ServerProcess(f"sqlite:///{work / 's.db'}", work).start()
        hole, hole_url = blackhole()
        for mode, url in (("server online", srv.base), ("server unreachable", hole_url)):
            transport, vp, fds = serial_printer()
            cfg = KioskConfig(
                server=ServerLink(url=url, token=srv.tokens["kiosk"], timeout_s=2),
                kiosk=KioskSection(fullscreen=False, store_path=str(work / f"{mode}.db")),
            )
            api = device_api(cfg.server)
            if mode == "server unreachable":  # the catalogue from an earlier start
                LocalStore(cfg.kiosk.store_path).save(
                    "centre", srv.api("kiosk").centre().model_dump(mode="json")
                )
            k = build_kiosk(cfg, app, transport=transport, scanner=SimScanner(), api=api)
            k.window.resize(1080, 1920)
            k.window.show()
            meter = StallMeter()
            times = run_tickets(app, k, args.tickets, meter)
            for t in k.timers:  # the 5 s server check and 10 s printer check, once more
                t.timeout.emit()
            meter.start()
            spin(seconds_from_now(3))
            meter.timer.stop()
            rows.append((mode, times, meter.longest, len(vp.payload())))
            k.close()
            transport.close()
            for fd in fds:
                os.close(fd)
        hole.close()
        kiosk_rss = kiosk_process_rss(srv, work)
        srv.stop()
    print("| server | tickets | touch → printed p50 ms | p99 ms | longest UI-thread stall ms |")
    print("|---|---|---|---|---|")
    for mode, times, stall, _ in rows:
        print(
            f"| {mode} | {len(times)} | {1000 * (percentile(times, 50) or 0):.0f} | "
            f"{1000 * (percentile(times, 99) or 0):.0f} | {1000 * stall:.1f} |"
        )
    print(f"\nbytes printed over the 115200-baud line: {sum(r[3] for r in rows)}")
    print(f"`xephang kiosk` process, resident memory after start: {kiosk_rss:.0f} MB")
    print(f"this benchmark process: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
