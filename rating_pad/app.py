"""Wiring of the rating pad: `xephang rating-pad --config FILE --counter N`."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from queue_client.api import ApiClient, ServerUnreachable
from queue_client.device_config import RatingPadConfig
from queue_client.live import LiveQueue
from queue_client.qt_signals import quit_on_signals
from queue_client.qt_worker import Worker
from queue_client.sse import Event
from queue_client.store import LocalStore
from queue_client.tokens import device_api
from queue_core.contract import EventKind, TicketEvent

from .presenter import RatingPresenter, RatingSender
from .widgets import RatingWindow


class Bridge(QObject):
    finished = Signal(object)


@dataclass
class RatingPad:
    presenter: RatingPresenter
    window: RatingWindow
    live: LiveQueue
    sender: RatingSender
    sync_timer: QTimer
    worker: Worker
    """Sends ratings and syncs the outbox: never on the UI thread."""

    def close(self) -> None:
        self.live.stop()
        self.sync_timer.stop()
        self.worker.shutdown()
        self.window.close()


def build_pad(
    cfg: RatingPadConfig, counter_id: str | None = None, *, api: ApiClient | None = None
) -> RatingPad:
    """`api` replaces the configured server (tests pass one over an in-process transport)."""
    api = api or device_api(cfg.server)
    centre = api.centre()
    counter = counter_id or cfg.rating_pad.counter_id
    sender = RatingSender(api, LocalStore(cfg.rating_pad.store_path))
    worker = Worker("server")
    presenter = RatingPresenter(
        centre,
        counter,
        sender,
        reasons=cfg.rating_pad.reasons,
        timeout_s=cfg.rating_pad.timeout_s,
        thanks_s=cfg.rating_pad.thanks_s,
        background=worker,
    )
    window = RatingWindow(presenter)
    bridge = Bridge()
    bridge.finished.connect(presenter.finished)

    def on_event(ev: Event) -> None:
        payload = ev.payload
        if ev.kind == EventKind.FINISHED and isinstance(payload, TicketEvent):
            bridge.finished.emit(payload)

    live = LiveQueue(api, on_snapshot=None, on_event=on_event)
    live.start()
    timer = QTimer()
    timer.setInterval(10_000)
    timer.timeout.connect(lambda: worker(sender.outbox.check_server, lambda up: None))
    timer.start()
    return RatingPad(presenter, window, live, sender, timer, worker)


def run(cfg: RatingPadConfig, counter_id: str | None, size: tuple[int, int] | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    try:
        pad = build_pad(cfg, counter_id)
    except ServerUnreachable as e:
        print(
            f"xephang rating-pad: cannot reach the server at {cfg.server.url}: {e}", file=sys.stderr
        )
        return 2
    if cfg.rating_pad.fullscreen and not size:
        pad.window.showFullScreen()
    else:
        pad.window.resize(*(size or (1280, 800)))
        pad.window.show()
    quit_on_signals(app)
    code = app.exec()
    pad.close()
    return int(code)
