"""The real Qt apps as actors of the day simulation: citizens touch the kiosk, an officer
presses the counter window's buttons, citizens tap the rating pad. Qt lives in the test's
thread; the simulation's worker threads hand it their work through `MainThread`."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from counter_client.app import Counter
from device_drivers.printers.sim import SimPrinter
from kiosk.app import Kiosk
from kiosk.state import Screen
from queue_core.contract import TicketAction, TicketView
from queue_core.tickets import Status
from rating_pad.app import RatingPad
from rating_pad.presenter import PadScreen

LOST = "Mất kết nối"
"""How the counter window starts its message when a command did not reach the server."""


class MainThread:
    """Work for the Qt thread, asked for by worker threads, done while the test waits."""

    def __init__(self) -> None:
        self.jobs: queue.Queue[tuple[Future[Any], Callable[[], Any]]] = queue.Queue()

    def call(self, fn: Callable[[], Any]) -> Any:
        done: Future[Any] = Future()
        self.jobs.put((done, fn))
        return done.result(timeout=180)

    def serve(self, qtbot: Any, until: Callable[[], bool], timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while not until():
            assert time.monotonic() < deadline, "the day did not end in time"
            try:
                done, fn = self.jobs.get_nowait()
            except queue.Empty:
                qtbot.wait(5)
                continue
            try:
                done.set_result(fn())
            except BaseException as e:  # noqa: BLE001 - handed to the worker that asked
                done.set_exception(e)


def press(qtbot: Any, window: QWidget, name: str) -> None:
    """A real click on the named button as the screen shows it now."""
    QApplication.processEvents()  # pending redraws first: the button of this screen
    b = window.findChild(QPushButton, name)
    assert b is not None, f"no button {name}"
    assert b.isEnabled(), f"button {name} is disabled: {b.toolTip()}"
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


class QtKiosk:
    """Citizens at the real kiosk window: take a number, choose, print, go."""

    def __init__(self, main: MainThread, qtbot: Any, kiosk: Kiosk, printer: SimPrinter) -> None:
        self.main, self.qtbot, self.kiosk, self.printer = main, qtbot, kiosk, printer
        self.tickets: list[tuple[TicketView, Path]] = []
        """Each ticket as the kiosk showed it, with the paper it printed."""
        self.reprints = 0
        self.waited_for_paper = 0
        self.between_citizens: queue.Queue[Callable[[], None]] = queue.Queue()
        """Faults to inject on the Qt thread after one citizen left, before the next came."""

    def issue(self, service_id: str, priority: str | None) -> None:
        self.main.call(lambda: self._issue(service_id, priority))

    def settle(self) -> None:
        """The kiosk's own 5 s check sends what it issued offline; wait for it."""
        self.main.call(
            lambda: self.qtbot.waitUntil(lambda: self.kiosk.issuer.pending() == 0, timeout=60_000)
        )

    def _issue(self, service_id: str, priority: str | None) -> None:
        p, w = self.kiosk.presenter, self.kiosk.window
        while not self.between_citizens.empty():
            self.between_citizens.get()()
        QApplication.processEvents()
        take = w.findChild(QPushButton, "take")
        if take is not None and not take.isEnabled():  # the screen says why, before a touch
            assert "hết giấy" in p.printer_problem(), p.printer_problem()
            self.waited_for_paper += 1  # staff change the roll while the citizen waits
            self._wait_for_paper()
        press(self.qtbot, w, "take")
        assert p.state.screen is Screen.SERVICES, p.state.message
        press(self.qtbot, w, f"service:{service_id}")
        if priority:
            press(self.qtbot, w, f"priority:{priority}")
        press(self.qtbot, w, "print")
        self._printed()
        assert p.state.screen is Screen.RESULT and p.state.ticket is not None, p.state.message
        if p.state.print_failed:  # ran out half-way: the number stands, print it again
            self.reprints += 1
            self._wait_for_paper()
            press(self.qtbot, w, "reprint")
            self._printed()
            assert not p.state.print_failed
        self.tickets.append((p.state.ticket.model_copy(), self.printer.printed[-1]))
        press(self.qtbot, w, "home")

    def _printed(self) -> None:
        """The kiosk issues and prints on its worker, showing "Đang in…" meanwhile."""
        self.qtbot.waitUntil(lambda: not self.kiosk.presenter.state.busy, timeout=30_000)

    def _wait_for_paper(self) -> None:
        """The kiosk's printer check, asked more often than its 10 s timer would."""
        deadline = time.monotonic() + 60
        while not self.kiosk.presenter.state.printer.can_print:
            assert time.monotonic() < deadline, "the paper never came back"
            self.kiosk.timers[1].timeout.emit()
            self.qtbot.wait(100)


class QtDesk:
    """An officer at the real counter window, and the real rating pad beside it."""

    def __init__(self, main: MainThread, qtbot: Any, counter: Counter, pad: RatingPad) -> None:
        self.main, self.qtbot, self.counter, self.pad = main, qtbot, counter, pad
        self.served = 0
        self.rated = 0
        self.retried = 0

    def call_next(self) -> TicketView | None:
        got: TicketView | None = self.main.call(lambda: self._command("call-next", None, None))
        return got

    def act(self, ticket: TicketView, action: TicketAction, to_service: str | None = None) -> None:
        target = f"service:{to_service}" if to_service else None
        self.main.call(lambda: self._command(action.value, ticket.id, target))
        self.served += action is TicketAction.FINISH

    def rate(self, ticket: TicketView, level: str) -> None:
        assert ticket.id is not None
        ticket_id = ticket.id
        self.main.call(lambda: self._rate(ticket_id, level))

    def _press(self, name: str) -> None:
        """A press, then the wait for its answer (commands go to the server on a worker)."""
        p = self.counter.presenter
        press(self.qtbot, self.counter.window, name)
        self.qtbot.waitUntil(lambda: not p.state.busy, timeout=30_000)

    def _command(self, action: str, ticket_id: str | None, target: str | None) -> Any:
        p = self.counter.presenter
        for _ in range(60):
            self.qtbot.waitUntil(lambda: not p.state.busy, timeout=30_000)
            if action == "transfer":
                self._press("action:transfer")  # opens the list of targets
                self._press(f"target:{target}")
            else:
                self._press(f"action:{action}")
                if p.state.message_kind == "ask":  # "1001 chưa đến? Nhấn F1 lần nữa …"
                    self._press(f"action:{action}")
            if not p.state.message.startswith(LOST):
                break
            # The officer reads "please retry", waits, looks at the screen again and only
            # presses once more if the command did not reach the server after all.
            self.retried += 1
            self.qtbot.wait(500)
            self.counter.live.refresh()
            self.qtbot.wait(700)
            if self._already_done(action, ticket_id):
                break
        else:
            raise AssertionError(f"{action} never reached the server")
        return p.state.current.model_copy() if p.state.current else None

    def _already_done(self, action: str, ticket_id: str | None) -> bool:
        cur = self.counter.presenter.state.current
        if action == "call-next":
            return cur is not None
        if action == "start":
            return cur is not None and cur.id == ticket_id and cur.status is Status.SERVING
        return cur is None or cur.id != ticket_id

    def _rate(self, ticket_id: str, level: str) -> None:
        pp, w = self.pad.presenter, self.pad.window
        self.qtbot.waitUntil(
            lambda: (
                pp.state.screen is PadScreen.ASK
                and pp.state.ticket is not None
                and pp.state.ticket.id == ticket_id
            ),
            timeout=20_000,
        )
        press(self.qtbot, w, f"level:{level}")
        if pp.state.screen is PadScreen.REASONS:  # a low level: one reason, then send
            press(self.qtbot, w, f"reason:{pp.reason_choices[0]}")
            press(self.qtbot, w, "send")
        assert pp.state.screen is PadScreen.THANKS
        self.rated += 1
