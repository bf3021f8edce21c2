"""PySide6 must not lose references to Python's singletons: 6.12.0 dropped one to True
at every Signal.emit and one to None at every processEvents (Python 3.11 frees them at
zero: the app aborts after a few hundred signals — a TV dies within the morning)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal


class Emitter(QObject):
    number = Signal(int)
    thing = Signal(object)


def test_signals_and_event_processing_keep_true_and_none_alive(qapp: QCoreApplication) -> None:
    app = qapp
    emitter = Emitter()
    got: list[object] = []
    emitter.number.connect(got.append)
    emitter.thing.connect(got.append)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(300):
        emitter.number.emit(i)
        emitter.thing.emit(None)
        app.processEvents()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
    assert len(got) == 600
    got.clear()
    # A little drift from the interpreter's own caches is fine; one per call is not.
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50
