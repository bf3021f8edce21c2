"""Screenshots of the rating pad (ask, why, thanks), for docs/.

.venv/bin/python -m tools.rating_screenshots
"""

from __future__ import annotations

import time

from queue_client.device_config import RatingPadConfig, RatingPadSection, ServerLink
from rating_pad.app import build_pad
from testkit.flows import served
from tools._session import DOCS, screenshot_session


def main() -> None:
    with screenshot_session() as (app, work, srv):
        cfg = RatingPadConfig(
            server=ServerLink(url=srv.base, token=srv.tokens["rating"]),
            rating_pad=RatingPadSection(fullscreen=False, store_path=str(work / "p.db")),
        )
        pad = build_pad(cfg)
        pad.window.resize(1280, 800)
        pad.window.show()

        def shot(name: str) -> None:
            end = time.time() + 0.5
            while time.time() < end:
                app.processEvents()
                time.sleep(0.02)
            pad.window.grab().save(str(DOCS / f"rating-{name}.png"))

        shot("idle")
        pad.presenter.finished(served(srv))
        shot("ask")
        pad.presenter.choose("khong-hai-long")
        pad.presenter.toggle_reason("Chờ lâu")
        shot("why")
        pad.presenter.send()
        shot("thanks")
        pad.close()


if __name__ == "__main__":
    main()
