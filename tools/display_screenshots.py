"""Screenshots of the waiting-room display at 1920×1080 and 1366×768, for docs/.

.venv/bin/python -m tools.display_screenshots
"""

from __future__ import annotations

import time

from queue_client.device_config import AudioSection, DisplayConfig, DisplaySection, ServerLink
from queue_display.app import build_display
from testkit.keys import key
from tools._session import DOCS, screenshot_session


def main() -> None:
    with screenshot_session() as (app, _work, srv):
        services = [
            "ho-tich",
            "ho-tich",
            "chung-thuc",
            "dat-dai",
            "bao-tro-xa-hoi",
            "tra-ket-qua",
            "ho-kinh-doanh",
            "ho-tich",
            "chung-thuc",
            "ho-tich",
            "xay-dung",
            "tra-ket-qua",
        ]
        for s in services * 2:
            srv.post("/api/v1/tickets", "kiosk", {"service_id": s, "idempotency_key": key()})
        for c in ["01", "02", "03", "04", "06"]:
            srv.post(f"/api/v1/counters/{c}/call-next", "counter", {"idempotency_key": key()})
        srv.post("/api/v1/counters/05/pause", "counter", {"idempotency_key": key()})
        cfg = DisplayConfig(
            server=ServerLink(url=srv.base, token=srv.tokens["display"]),
            display=DisplaySection(fullscreen=False),
            audio=AudioSection(engine="none"),
        )
        d = build_display(cfg)
        for w, h in ((1920, 1080), (1366, 768), (1080, 1920)):
            d.window.fit(w, h)
            d.window.show()
            deadline = time.time() + 3
            while time.time() < deadline and not d.presenter.state.connected:
                app.processEvents()
                time.sleep(0.02)
            srv.post("/api/v1/counters/02/call-next", "counter", {"idempotency_key": key()})
            deadline = time.time() + 3
            while time.time() < deadline and d.presenter.state.banner is None:
                app.processEvents()
                time.sleep(0.02)
            settle = time.time() + 0.5
            while time.time() < settle:
                app.processEvents()
                time.sleep(0.02)
            d.window.grab().save(str(DOCS / f"display-{w}x{h}.png"))
        d.close()


if __name__ == "__main__":
    main()
