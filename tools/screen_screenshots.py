"""Screenshots of the browser display (/screen/tv-1) in Debian's Chromium at 1920×1080
and 1280×720, with calls made through the API, for docs/.

    .venv/bin/python -m tools.screen_screenshots
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from queue_core.contract import CallNextIn, IssueIn, Mutation
from testkit.browser import launch, playwright
from testkit.keys import key
from testkit.servers import ThreadServer

DOCS = Path(__file__).resolve().parents[1] / "docs"
ISSUES = ["ho-tich"] * 4 + ["chung-thuc"] * 3 + ["dat-dai"] * 2 + ["ho-kinh-doanh"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        srv = ThreadServer(f"sqlite:///{work / 'screen.db'}", work).start()
        try:
            kiosk, counter = srv.api("kiosk"), srv.api("counter")
            for service in ISSUES:
                kiosk.issue(IssueIn(service_id=service, idempotency_key=key()))
            for c in ("01", "03", "04"):
                counter.call_next(c, CallNextIn(idempotency_key=key()))
            counter.set_paused("05", True, Mutation(idempotency_key=key()))
            with playwright() as pw:
                browser = launch(pw)
                for width, height in ((1920, 1080), (1280, 720)):
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"{srv.base}/screen/tv-1#{srv.tokens['display']}")
                    page.wait_for_selector(".board")
                    counter.call_next("02", CallNextIn(idempotency_key=key()))
                    page.wait_for_selector(".banner.called", timeout=20_000)
                    time.sleep(0.5)
                    out = DOCS / f"screen-{width}x{height}.png"
                    page.screenshot(path=str(out))
                    print(f"wrote docs/{out.name}")
                    page.close()
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.goto(f"{srv.base}/screen/pair")
                page.wait_for_function("/[0-9]{3} [0-9]{3}/.test(document.body.textContent)")
                page.screenshot(path=str(DOCS / "screen-pair.png"))
                print("wrote docs/screen-pair.png")
                browser.close()
        finally:
            srv.stop()


if __name__ == "__main__":
    main()
