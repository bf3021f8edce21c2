"""The kiosk's building blocks: palette and style, labels, touch buttons, the staff
corner's long press, and the watcher that notices any touch."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWidget

from .look import TEXT, Look

NORMAL = Look()


def label(
    text: str,
    size: int = 28,
    bold: bool = False,
    color: str = TEXT,
    name: str = "",
    *,
    look: Look = NORMAL,
) -> QLabel:
    w = QLabel(text)
    w.setWordWrap(True)
    w.setAlignment(Qt.AlignmentFlag.AlignCenter)
    style_label(w, size, bold, color, look)
    if name:
        w.setObjectName(name)
    return w


def style_label(w: QLabel, size: int, bold: bool, color: str, look: Look) -> None:
    w.setStyleSheet(
        f"font-size: {look.px(size)}px; color: {look.color(color)};"
        f" font-weight: {700 if bold else 400};"
    )


def wrapped(text: str, width: int) -> str:
    """Qt buttons do not wrap: break long Vietnamese names into lines ourselves."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def button(
    text: str,
    on: Callable[[], object],
    name: str,
    role: str = "",
    *,
    enabled: bool = True,
    hint: str = "",
) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # touch only: a scanner's keys press nothing
    if role:
        b.setProperty("role", role)
    b.setEnabled(enabled)
    if hint:
        b.setToolTip(hint)
    b.clicked.connect(on)
    return b


class LongPressCorner(QWidget):
    """An invisible square: held for 3 s it asks the presenter for the staff PIN."""

    def __init__(self, on_long_press: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("staff-corner")
        self.setFixedSize(110, 110)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(3000)
        self._timer.timeout.connect(on_long_press)

    def mousePressEvent(self, event: object) -> None:
        self._timer.start()

    def mouseReleaseEvent(self, event: object) -> None:
        self._timer.stop()


class TouchWatcher(QObject):
    """Any press anywhere counts as activity for the idle timer."""

    def __init__(self, on_touch: Callable[[], None]) -> None:
        super().__init__()
        self.on_touch = on_touch

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.KeyPress,
        ):
            self.on_touch()
        return False


KEY_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
"""The search ignores diacritics ("ho tich" finds "Hộ tịch"): plain letters are enough."""


def keyboard(on_key: Callable[[str], None], labels: dict[str, str], compact: bool) -> QWidget:
    """The on-screen keyboard for the procedure search: letters, digits, space, ⌫ and
    clear, each key large enough for a finger (≥ 15 mm)."""
    from PySide6.QtWidgets import QGridLayout

    pad = QWidget()
    pad.setObjectName("keyboard")
    g = QGridLayout(pad)
    g.setSpacing(8)
    g.setContentsMargins(0, 0, 0, 0)
    size = 60 if compact else 80
    style = f"font-size: 30px; min-height: {size}px; padding: 4px;"
    for r, row in enumerate(KEY_ROWS):
        for c, ch in enumerate(row):
            b = button(ch.upper(), partial(on_key, ch), f"key:{ch}", "plain")
            b.setStyleSheet(style)
            g.addWidget(b, r, c + (r > 1), 1, 1)
    wide = [("space", " ", 0, 6), ("⌫", "⌫", 6, 2), ("clear", "clear", 8, 2)]
    for name, value, col, span in wide:
        b = button(labels.get(name, name), partial(on_key, value), f"key:{name}", "plain")
        b.setStyleSheet(style)
        g.addWidget(b, len(KEY_ROWS), col, 1, span)
    return pad


def touch_scrolling(area: QWidget) -> None:
    """Drag with a finger to scroll, with momentum; a wide scrollbar shows there is more."""
    from PySide6.QtWidgets import QScrollArea, QScroller

    if isinstance(area, QScrollArea):
        QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        area.setStyleSheet("QScrollBar:vertical { width: 28px; }")


def touch_list(name: str) -> tuple[QScrollArea, QWidget]:
    """A list of buttons a finger scrolls: the area (named for the tests) and its inside."""
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    touch_scrolling(scroll)
    return scroll, QWidget()
