"""Browser display benchmark: how soon a call shows on a TV browser, and what speaking
it costs the server.

A real server (in a thread), Debian's Chromium with the /screen page open, calls made
through the API one after another: printed are the delay from call-next's answer to the
banner on the page (p50/p99, ms), the server's time to render a call's WAV (cold and
from the cache), the board fragment's time, and the ticket's size in bytes.

    .venv/bin/python -m bench.screen [--calls 20]

Target: the banner within 1 s of the call (p99) on an idle TV.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import requests

from queue_core.contract import CallNextIn, IssueIn
from queue_core.stats import percentile
from testkit.browser import launch, playwright
from testkit.keys import key
from testkit.servers import CENTRE, ThreadServer
from ticket_printer.encode import TicketEncoder
from ticket_printer.layout import ticket_content
from ticket_printer.printer import sample_ticket

COUNTERS = ["01", "02", "05"]


def timed_get(url: str, headers: dict[str, str]) -> float:
    t = time.perf_counter()
    requests.get(url, headers=headers, timeout=30).raise_for_status()
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description="Call → banner on a browser display")
    ap.add_argument("--calls", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        srv = ThreadServer(f"sqlite:///{Path(tmp) / 'b.db'}", Path(tmp))
        # Calls played at 16x, one every 1.5 s: each finds the TV idle, as most do on a
        # real day; the delay measured is the server's and the page's, not the queue's.
        srv.overrides = {"screen_playback_rate": 16.0}
        srv.start()
        try:
            kiosk, counter = srv.api("kiosk"), srv.api("counter")
            for _ in range(args.calls):
                kiosk.issue(IssueIn(service_id="ho-tich", idempotency_key=key()))
            delays, wav_cold = [], []
            headers = srv.headers("display")
            with playwright() as pw:
                browser = launch(pw)
                page = browser.new_page(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
                page.goto(f"{srv.base}/screen/tv-1#{srv.tokens['display']}")
                page.wait_for_selector(".board")
                for i in range(args.calls):
                    called = counter.call_next(COUNTERS[i % 3], CallNextIn(idempotency_key=key()))
                    assert called is not None
                    t = time.perf_counter()
                    page.wait_for_function(
                        f"document.getElementById('banner').textContent.indexOf('{called.number}') >= 0",
                        timeout=30_000,
                    )
                    delays.append((time.perf_counter() - t) * 1000)
                    seq = srv.api("display").queue().recent_calls[0].seq
                    wav_cold.append(
                        timed_get(f"{srv.base}/api/v1/screen/calls/{seq}.wav?busy=true", headers)
                    )
                    time.sleep(1.5)
                browser.close()
            seq = srv.api("display").queue().recent_calls[0].seq
            cached = [
                timed_get(f"{srv.base}/api/v1/screen/calls/{seq}.wav", headers) for _ in range(50)
            ]
            board = [timed_get(f"{srv.base}/api/v1/screen/board", headers) for _ in range(50)]
        finally:
            srv.stop()
    ticket = TicketEncoder(80).encode(ticket_content(sample_ticket(CENTRE), CENTRE))
    large = TicketEncoder(80, large=True).encode(ticket_content(sample_ticket(CENTRE), CENTRE))
    print(f"calls: {args.calls} on one TV page (Chromium 1920x1080), each to an idle TV")
    print(
        f"call-next answered -> banner on the page: p50 {percentile(delays, 50):.0f} ms, p99 {percentile(delays, 99):.0f} ms"
    )
    print(
        f"a call's WAV rendered (espeak-ng, uncached, busy form): p50 {percentile(wav_cold, 50):.0f} ms, p99 {percentile(wav_cold, 99):.0f} ms"
    )
    print(
        f"a call's WAV from the cache: p50 {percentile(cached, 50):.1f} ms, p99 {percentile(cached, 99):.1f} ms"
    )
    print(f"board fragment: p50 {percentile(board, 50):.1f} ms, p99 {percentile(board, 99):.1f} ms")
    print(
        f"ticket (80 mm, priority, no logo): {len(ticket):,} bytes; large print {len(large):,} bytes"
    )


if __name__ == "__main__":
    main()
