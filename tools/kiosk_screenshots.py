"""Screenshots of every kiosk screen at 1080×1920 and 1920×1080, for docs/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.kiosk_screenshots

Runs a real server, the real kiosk with a simulated printer and scanner, walks through
the screens a citizen sees and saves each as docs/kiosk-<size>-<screen>.png.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QWidget

from device_drivers.printers.sim import SimPrinter
from device_drivers.scanners.sim import SimScanner
from kiosk.app import build_kiosk
from kiosk.presenter import KioskPresenter
from queue_client.device_config import KioskConfig, KioskSection, ServerLink
from queue_core.device_errors import DeviceState
from testkit.cards import payload
from tools._session import DOCS, screenshot_session


def main() -> None:
    with screenshot_session() as (app, work, srv):
        for size, orientation in (((1080, 1920), "portrait"), ((1920, 1080), "landscape")):
            cfg = KioskConfig(
                server=ServerLink(url=srv.base, token=srv.tokens["kiosk"]),
                kiosk=KioskSection(
                    orientation=orientation,
                    fullscreen=False,
                    store_path=str(work / f"k-{orientation}.db"),
                    split_services=["chung-thuc"],
                ),
            )
            printer = SimPrinter(work / f"printer-{orientation}")
            k = build_kiosk(cfg, app, transport=printer, scanner=SimScanner())
            w, p = k.window, k.presenter
            w.resize(*size)
            w.show()
            tag = f"{size[0]}x{size[1]}"

            def shot(name: str, w: QWidget = w, tag: str = tag, p: KioskPresenter = p) -> None:
                deadline = time.monotonic() + 10
                while p.state.busy and time.monotonic() < deadline:  # printing on its worker
                    app.processEvents()
                    time.sleep(0.01)
                for _ in range(3):
                    app.processEvents()
                w.grab().save(str(DOCS / f"kiosk-{tag}-{name}.png"))

            shot("home")
            p.scanned("not a card")
            shot("card-error")
            p.scanned(payload())
            shot("services")
            p.choose_service("ho-tich")
            shot("confirm")
            p.confirm()
            shot("result")
            p.home()
            p.take_priority_number()
            shot("priority")
            p.choose_priority_group("phu-nu-mang-thai")
            p.choose_service("dat-dai")
            p.confirm()
            shot("priority-result")
            p.home()
            p.take_number()
            p.choose_service("chung-thuc")
            shot("procedures")
            p.home()
            p.open_lookup()
            for ch in "ho tich":  # on the on-screen keyboard
                p.key(ch)
            shot("lookup")
            p.open_detail("ho-tich", "khai-sinh")
            shot("detail")
            p.home()
            p.set_printer_state(DeviceState.PAPER_OUT)
            shot("paper-out")
            p.set_printer_state(DeviceState.READY)
            p.toggle_language()
            shot("home-english")
            p.home()
            p.toggle_large()
            p.toggle_contrast()
            shot("home-large-contrast")
            p.take_number()
            shot("services-large-contrast")
            p.choose_service("ho-tich")
            p.confirm()
            shot("result-large-contrast")
            p.home()
            p.toggle_large()
            shot("home-large")
            k.close()


if __name__ == "__main__":
    main()
