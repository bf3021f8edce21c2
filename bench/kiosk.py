"""Kiosk benchmark: from the confirming touch to the ticket bytes handed to the printer,
online (real server on loopback) and offline (server stopped); memory of the kiosk.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.kiosk [--tickets 100]

Targets: < 300 ms online, < 100 ms offline, < 250 MB resident.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from device_drivers.printers.sim import SimPrinter
from device_drivers.scanners.sim import SimScanner
from kiosk.app import build_kiosk
from queue_client.device_config import KioskConfig, KioskSection, ServerLink
from queue_core.stats import percentile
from testkit.servers import ServerProcess


class TimedPrinter(SimPrinter):
    """Notes the moment the ticket bytes reach the printer."""

    handed: float = 0.0

    def write(self, data: bytes) -> None:
        self.handed = time.perf_counter()
        super().write(data)


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


def main() -> None:
    ap = argparse.ArgumentParser(description="Kiosk touch-to-print time and memory")
    ap.add_argument("--tickets", type=int, default=100)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        srv = ServerProcess(f"sqlite:///{work / 's.db'}", work).start()
        printer = TimedPrinter(work / "printer")
        cfg = KioskConfig(
            server=ServerLink(url=srv.base, token=srv.tokens["kiosk"], timeout_s=1),
            kiosk=KioskSection(fullscreen=False, store_path=str(work / "k.db")),
        )
        k = build_kiosk(cfg, app, transport=printer, scanner=SimScanner())
        k.window.resize(1080, 1920)
        k.window.show()
        p = k.presenter
        kiosk_rss = kiosk_process_rss(srv, work)
        results = {}
        for mode in ("online", "offline"):
            if mode == "offline":
                srv.kill()
                p.take_number()
                p.choose_service("ho-tich")
                p.confirm()  # the first offline touch learns the server is gone (a time-out)
                p.home()
            times = []
            for i in range(args.tickets):
                p.take_number()
                p.choose_service(["ho-tich", "chung-thuc", "dat-dai"][i % 3])
                app.processEvents()
                start = time.perf_counter()
                p.confirm()
                times.append(printer.handed - start)
                app.processEvents()
                p.home()
            results[mode] = times
        print("| path | p50 ms | p99 ms | max ms |")
        print("|---|---|---|---|")
        for mode, times in results.items():
            print(
                f"| {mode} | {1000 * (percentile(times, 50) or 0):.1f} | "
                f"{1000 * (percentile(times, 99) or 0):.1f} | {1000 * max(times):.1f} |"
            )
        print(f"\n`xephang kiosk` process, resident memory after start: {kiosk_rss:.0f} MB")
        print(f"this benchmark process after {2 * args.tickets} tickets: {rss_mb():.0f} MB")
        k.close()


if __name__ == "__main__":
    main()
