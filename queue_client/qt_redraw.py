"""What the Qt apps' thin widgets share: redraw once per burst of changes, and empty a
layout before drawing a screen anew."""

from __future__ import annotations

from collections.abc import Callable, Container

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QLayout, QWidget


def coalesced(owner: QObject, redraw: Callable[[], None]) -> Callable[[], None]:
    """A callable that schedules `redraw` once for however many calls come before it runs."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(redraw)
    return timer.start


def clear_layout(layout: QLayout, keep: Container[QWidget] = ()) -> None:
    """Take every widget and nested layout out, hiding the widgets at once (a screenshot
    or a paint before deleteLater runs must not show the old screen)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            if widget not in keep:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout(), keep)  # type: ignore[arg-type]


def logo_label(png: bytes, height: int) -> QLabel:
    """The centre's logo at this height, on a white disc so any colours read on red."""
    pix = QPixmap()
    pix.loadFromData(png)
    w = QLabel()
    w.setObjectName("logo")
    w.setPixmap(pix.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation))
    w.setFixedSize(height, height)
    w.setStyleSheet(f"background: white; border-radius: {height // 2}px;")
    return w
