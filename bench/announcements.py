"""Announcement benchmark: does the spoken call keep up on a busy day?

Calls arrive at a steady rate across six counters (default 10 a minute) for a simulated
stretch of the day; each is spoken from the real espeak-ng clips, played "in time" at a
speed-up (the announcer's clock runs at the same speed-up), so an hour takes minutes.
Printed: how far behind its call each announcement started, how many were spoken once
or twice, dropped as stale and whether the backlog was said.

    .venv/bin/python -m bench.announcements [--per-minute 10] [--minutes 30] [--speedup 30]

Target: never more than 30 s behind at 10 calls a minute.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from device_drivers.audio import ClipEngine, EspeakEngine, WavFolderSink, render_clips
from queue_core.speech import call_sentence, short_call
from queue_core.stats import percentile
from queue_display.announcer import BACKLOG_VI, Announcer


def main() -> None:
    ap = argparse.ArgumentParser(description="How far the spoken calls fall behind")
    ap.add_argument("--per-minute", type=float, default=10)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--speedup", type=float, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clips = Path(tmp) / "clips"
        render_clips(EspeakEngine(), clips)
        t0, speedup = time.monotonic(), float(args.speedup)

        def day_clock() -> float:
            return (time.monotonic() - t0) * speedup

        announcer = Announcer(
            ClipEngine(clips), WavFolderSink(Path(tmp) / "wav", args.speedup), clock=day_clock
        )
        calls = int(args.per_minute * args.minutes)
        gap = 60 / args.per_minute
        for i in range(calls):
            counter = 1 + i % 6
            number = f"{1001 + i}"
            announcer.say(
                call_sentence(number, counter), f"{number}@{counter}", short_call(number, counter)
            )
            wake = (i + 1) * gap
            time.sleep(max(0.0, (wake - day_clock()) / args.speedup))
        while announcer.backlog():
            time.sleep(0.05)
        time.sleep(20 / args.speedup)
        announcer.close()
    spoken = [p for p in announcer.played if p.key]
    behind = [p.started - p.queued for p in spoken]
    merged = sum(1 for p in spoken if p.text.startswith("Xin mời số"))
    twice = sum(1 for p in spoken if p.seconds > 8 and not p.text.startswith("Xin mời số"))
    print(
        f"{calls} calls at {args.per_minute:g} a minute over {args.minutes:g} min "
        f"(speed-up {args.speedup:g}):"
    )
    print(
        "| behind its call p50 s | p99 s | max s | spoken twice | once | in a merged call "
        "| dropped | backlog said |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {percentile(behind, 50) or 0:.1f} | {percentile(behind, 99) or 0:.1f} | "
        f"{max(behind, default=0):.1f} | {twice} | {len(spoken) - twice - merged} | {merged} | "
        f"{announcer.dropped} | {[p.text for p in announcer.played].count(BACKLOG_VI)} |"
    )
    lengths = [p.seconds for p in spoken]
    print(f"announcement length: {min(lengths):.1f}–{max(lengths):.1f} s")


if __name__ == "__main__":
    main()
