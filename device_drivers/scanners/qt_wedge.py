"""A Qt event filter that turns a keyboard-wedge scanner's keystrokes into payloads.

Installed on the application, it sees every key event Qt sends to any object. A real
key press reaches the window first and is then sent again to the focused widget and,
when ignored, to each of its parents, so the filter counts a key only where it reaches
a window (`QWindow`): once. There it also decides where the key goes:

- no text field has the focus (buttons never take it on a kiosk): every key is
  swallowed, presses and releases, so a scan's spaces or Enter press nothing;
- a text field (the procedure search) has the focus: keys go through so a person can
  type; if the burst turns out to be a scan, the field gets back the text it had
  before the scan and the Enter ending it is swallowed.

A burst is a scan only when its keys came faster than a person types (see
`WedgeAssembler`), and in a text field only when it looks like a card's QR (fields
separated by "|"), so quick typing never shows a card error.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QLineEdit

from .keyboard import WedgeAssembler

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, assembler: WedgeAssembler | None = None
    ) -> None:
        super().__init__(parent)
        self.assembler = assembler or WedgeAssembler()
        self._in_field = False
        self._field_text = ""
        self._clock = (0.0, 0.0)
        """(the last key's own time, when we saw it): a pause is measured in key time."""
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not isinstance(watched, QWindow) or not isinstance(event, QKeyEvent):
            return False  # the same key again on its way to a widget: counted already
        field = _text_field()
        if kind == QEvent.Type.KeyRelease:
            return field is None
        enter = event.key() in ENTER
        text = "" if enter else event.text()
        if not enter and not text.isprintable():
            text = ""
        if text and not self.assembler.pending():
            self._in_field = field is not None  # a burst begins: remember the field's text
            self._field_text = field.text() if field is not None else ""
        # The key's own time from the X server: a busy UI thread must not split a scan.
        at = event.timestamp() / 1000 if event.timestamp() else time.monotonic()
        self._clock = (at, time.monotonic())
        payload = self.assembler.key(text, at, enter)
        if payload is not None and self._take(payload):
            return True  # the Enter that ended a scan presses nothing
        return field is None

    def _poll(self) -> None:
        key_at, seen_at = self._clock
        payload = self.assembler.poll(key_at + time.monotonic() - seen_at)
        if payload is not None:
            self._take(payload)

    def _take(self, payload: str) -> bool:
        """Emit a scan; False when it was a person typing into a field after all."""
        if self._in_field:
            self._in_field = False
            if "|" not in payload:
                return False
            field = _text_field()  # the screen may have redrawn the field meanwhile
            if field is not None:
                field.setText(self._field_text)
        self.scanned.emit(payload)
        return True


def _text_field() -> QLineEdit | None:
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit) and focus.isVisible() and not focus.isReadOnly():
        return focus
    return None
