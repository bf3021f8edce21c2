"""A Qt event filter that turns a keyboard-wedge scanner's keystrokes into payloads.

Installed on the application, it sees every key press on every screen of the kiosk and
emits `scanned(str)`; the Enter that ends a scan is swallowed so it presses no button.
(Kiosk screens have no free-text fields that a scan could spill into.)
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from .keyboard import WedgeAssembler


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, assembler: WedgeAssembler | None = None
    ) -> None:
        super().__init__(parent)
        self.assembler = assembler or WedgeAssembler()
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        payload = self.assembler.key(event.text() if not enter else "", time.monotonic(), enter)
        if payload is not None:
            self.scanned.emit(payload)
            return True
        return False

    def _poll(self) -> None:
        payload = self.assembler.poll(time.monotonic())
        if payload is not None:
            self.scanned.emit(payload)
