"""Screenshots of the counter client in each state, for docs/.

.venv/bin/python -m tools.counter_screenshots
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from counter_client.app import start_counter
from counter_client.widgets import LoginWidget
from queue_client.api import ApiClient
from queue_client.device_config import CounterConfig, CounterSection, ServerLink
from testkit.keys import key
from testkit.proxy import CuttableProxy
from tools._session import DOCS, screenshot_session


def settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    with screenshot_session() as (app, _work, srv):
        proxy = CuttableProxy(srv.port)
        login = LoginWidget(
            [("01", "Quầy 01"), ("02", "Quầy 02")], "01", srv.staff_username, lambda *a: ""
        )
        login.resize(480, 420)
        login.show()
        settle(app)
        login.grab().save(str(DOCS / "counter-login.png"))
        login.close()
        srv.post(
            "/api/v1/tickets",
            "kiosk",
            {
                "service_id": "ho-tich",
                "idempotency_key": key(),
                "priority": "nguoi-cao-tuoi",
                "citizen": {
                    "name": "Nguyễn Văn Ánh",
                    "id_masked": "0010******45",
                    "birth_year": 1950,
                },
            },
        )
        for s in ["ho-tich", "chung-thuc", "ho-tich", "chung-thuc", "ho-tich"]:
            srv.post("/api/v1/tickets", "kiosk", {"service_id": s, "idempotency_key": key()})
        api = ApiClient(proxy.base, "")
        api.login(srv.staff_username, "mat-khau-123")
        cfg = CounterConfig(
            server=ServerLink(url=proxy.base), counter=CounterSection(counter_id="01")
        )
        c = start_counter(cfg, api, "01", "Trần Thị Bình")
        c.window.resize(1280, 800)
        c.window.show()
        p = c.presenter

        def shot(name: str) -> None:
            settle(app)
            c.window.grab().save(str(DOCS / f"counter-{name}.png"))

        shot("idle")
        p.do("call-next")
        shot("called")
        p.do("start")
        shot("serving")
        p.open_transfer()
        shot("transfer")
        p.do("finish")
        p.do("pause")
        shot("paused")
        p.do("pause")
        proxy.cut()
        deadline = time.time() + 15
        while p.state.connected and time.time() < deadline:
            settle(app, 0.1)
        shot("disconnected")
        proxy.restore()
        c.close()


if __name__ == "__main__":
    main()
