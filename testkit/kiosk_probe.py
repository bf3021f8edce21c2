"""The real kiosk (config, window, devices) with a probe for tests driven from outside:
after every change it prints one JSON line with the screen, what the citizen sees and
where each named button is on the X screen, so a test can click it with xdotool.

    python -m testkit.kiosk_probe KIOSK.toml WIDTHxHEIGHT
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from kiosk.app import Kiosk, build_kiosk
from queue_client.device_config import KioskConfig
from xephang.apps_cmd import parse_size
from xephang.configfile import load_toml


def state_of(kiosk: Kiosk) -> dict[str, object]:
    p, w = kiosk.presenter, kiosk.window
    s = p.state
    buttons = {}
    for b in w.findChildren(QPushButton):
        if b.isVisible() and b.objectName():
            c = b.mapToGlobal(QPoint(b.width() // 2, b.height() // 2))
            buttons[b.objectName()] = [c.x(), c.y(), b.isEnabled()]
    labels = {
        x.objectName(): x.text() for x in w.findChildren(QLabel) if x.isVisible() and x.objectName()
    }
    box = w.findChild(QLineEdit, "search")
    return {
        "screen": s.screen.value,
        "language": s.language,
        "name": s.card.full_name if s.card else None,
        "priority": s.priority,
        "elderly": s.elderly,
        "message": s.message,
        "query": s.query,
        "field": box.text() if box is not None and box.isVisible() else None,
        "ticket": s.ticket.number if s.ticket else None,
        "buttons": buttons,
        "labels": labels,
    }


def main() -> int:
    cfg = load_toml(sys.argv[1], KioskConfig)
    size = parse_size(sys.argv[2]) or (1080, 1920)
    app = QApplication(sys.argv[:1])
    kiosk = build_kiosk(cfg, app)
    kiosk.window.resize(*size)
    kiosk.window.move(0, 0)
    kiosk.window.show()
    last = ""

    def report() -> None:
        nonlocal last
        line = json.dumps(state_of(kiosk), ensure_ascii=False)
        if line != last:
            last = line
            print(line, flush=True)

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(report)
    timer.start()
    code = app.exec()
    kiosk.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
