"""Ctrl+C and `kill` end a Qt app quietly, as its window's close would.

Qt's event loop holds the interpreter in C++: Python sees SIGINT only when it runs
again, and then raises KeyboardInterrupt inside whatever slot runs next — a traceback
from the middle of the app. Here the signals ask the app to quit, and a light timer
lets Python run often enough to notice them.
"""

from __future__ import annotations

import signal
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def quit_on_signals(app: QApplication) -> QTimer:
    def ask_to_quit(_signum: int, _frame: Any) -> None:
        app.quit()

    signal.signal(signal.SIGINT, ask_to_quit)
    signal.signal(signal.SIGTERM, ask_to_quit)
    wake = QTimer(app)
    wake.setInterval(250)
    wake.timeout.connect(lambda: None)  # a moment in Python for the handlers to run
    wake.start()
    return wake
