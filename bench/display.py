"""Display benchmark: from a counter's call being acknowledged to the board showing it and
to the announcement starting (clip engine); memory of a `xephang display` process.

    .venv/bin/python -m bench.display [--calls 100]

Targets: shown within 100 ms p99, speech starting within 300 ms, under 250 MB resident.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from bench.kiosk import rss_mb
from device_drivers.audio import ClipEngine, EspeakEngine, WavFolderSink, render_clips
from queue_client.device_config import AudioSection, DisplayConfig, DisplaySection, ServerLink
from queue_core.stats import percentile
from queue_display.announcer import Announcer
from queue_display.app import build_display
from testkit.keys import key
from testkit.servers import ServerProcess


def main() -> None:
    ap = argparse.ArgumentParser(description="Display call-to-screen and call-to-speech delay")
    ap.add_argument("--calls", type=int, default=100)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        srv = ServerProcess(f"sqlite:///{work / 's.db'}", work).start()
        render_clips(EspeakEngine(), work / "clips")
        started: dict[str, float] = {}
        announcer = Announcer(
            ClipEngine(work / "clips"),
            WavFolderSink(work / "wav", speedup=1000),
            on_start=lambda call, at: started.update(
                {call: started.get(call, time.perf_counter())}
            ),
        )
        cfg = DisplayConfig(
            server=ServerLink(url=srv.base, token=srv.tokens["display"]),
            display=DisplaySection(fullscreen=False),
            audio=AudioSection(engine="none"),
        )
        d = build_display(cfg, announcer=announcer)
        d.window.fit(1920, 1080)
        d.window.show()
        shown: dict[str, float] = {}

        def on_refresh() -> None:  # the counter's card shows the number (the banner
            for row in d.presenter.state.rows:  # follows with the voice)
                if row.serving:
                    shown.setdefault(row.serving, time.perf_counter())

        d.window.after_redraw.append(on_refresh)
        for _ in range(args.calls):
            srv.post(
                "/api/v1/tickets", "kiosk", {"service_id": "ho-tich", "idempotency_key": key()}
            )
        acked: dict[str, float] = {}
        texts: dict[str, str] = {}
        done = threading.Event()

        def caller() -> None:
            for i in range(args.calls):
                r = srv.post(
                    f"/api/v1/counters/{['01', '02', '05'][i % 3]}/call-next",
                    "counter",
                    {"idempotency_key": key()},
                )
                number = r.json()["number"]
                acked[number] = time.perf_counter()
                texts[number] = f"{number}@{r.json()['counter_number']}"
                time.sleep(0.15)
            done.set()

        deadline = time.time() + 10
        while not d.presenter.state.connected and time.time() < deadline:
            app.processEvents()
            time.sleep(0.01)
        threading.Thread(target=caller, daemon=True).start()
        while not done.is_set() or len(shown) < len(acked):
            app.processEvents()
            time.sleep(0.001)
            if time.time() > deadline + 120:
                break
        time.sleep(1)
        screen = [max(0.0, shown[n] - acked[n]) for n in acked if n in shown]
        print(
            "slowest",
            sorted(round(x * 1000) for x in screen)[-6:],
            "ms; first calls",
            [round(1000 * max(0.0, shown[n] - acked[n])) for n in list(acked)[:4]],
        )
        speech = [max(0.0, started[texts[n]] - acked[n]) for n in acked if texts[n] in started]
        print("| from the call's acknowledgement to | p50 ms | p99 ms | n |")
        print("|---|---|---|---|")
        print(
            f"| the board showing it | {1000 * (percentile(screen, 50) or 0):.1f} | "
            f"{1000 * (percentile(screen, 99) or 0):.1f} | {len(screen)} |"
        )
        print(
            f"| the announcement starting (clips) | {1000 * (percentile(speech, 50) or 0):.1f} | "
            f"{1000 * (percentile(speech, 99) or 0):.1f} | {len(speech)} |"
        )
        d.close()
        config = work / "display.toml"
        config.write_text(
            f'[server]\nurl = "{srv.base}"\ntoken = "{srv.tokens["display"]}"\n'
            f'[display]\nfullscreen = false\n[audio]\nengine = "clips"\n'
            f'clips_dir = "{work / "clips"}"\noutput = "wav://{work / "wav2"}"\n',
            encoding="utf-8",
        )
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "xephang",
                "display",
                "--config",
                str(config),
                "--size",
                "1920x1080",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(8)
        print(
            f"\n`xephang display` process, resident memory after start: {rss_mb(proc.pid):.0f} MB"
        )
        proc.terminate()
        proc.wait(10)
        srv.stop()


if __name__ == "__main__":
    main()
