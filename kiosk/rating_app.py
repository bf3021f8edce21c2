"""Wiring of the rating pad: `xephang rating-pad --config FILE --counter N`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from queue_client.api import ApiClient, ServerUnreachable
from queue_client.device_config import RatingPadConfig
from queue_client.live import LiveQueue
from queue_client.sse import Event
from queue_client.store import LocalStore
from queue_client.tokens import device_token
from queue_core.centre import CentreConfig

from .rating import RatingPresenter, RatingSender
from .rating_widgets import RatingWindow


class Bridge(QObject):
    finished = Signal(object)


@dataclass
class RatingPad:
    presenter: RatingPresenter
    window: RatingWindow
    live: LiveQueue
    sender: RatingSender
    sync_timer: QTimer

    def close(self) -> None:
        self.live.stop()
        self.sync_timer.stop()
        self.window.close()


def build_pad(cfg: RatingPadConfig, counter_id: str | None = None) -> RatingPad:
    token = device_token(cfg.server)
    api = ApiClient(cfg.server.url, token, timeout_s=cfg.server.timeout_s)
    centre = CentreConfig.model_validate(api.centre())
    counter = counter_id or cfg.rating_pad.counter_id
    sender = RatingSender(api, LocalStore(cfg.rating_pad.store_path))
    presenter = RatingPresenter(
        centre,
        counter,
        sender,
        reasons=cfg.rating_pad.reasons,
        timeout_s=cfg.rating_pad.timeout_s,
        thanks_s=cfg.rating_pad.thanks_s,
    )
    window = RatingWindow(presenter)
    bridge = Bridge()
    bridge.finished.connect(presenter.finished)

    def on_event(ev: Event) -> None:
        if ev.kind == "ticket.finished":
            bridge.finished.emit(ev.data)

    live = LiveQueue(api, token, on_snapshot=None, on_event=on_event)
    live.start()
    timer = QTimer()
    timer.setInterval(10_000)
    timer.timeout.connect(sender.outbox.check_server)
    timer.start()
    return RatingPad(presenter, window, live, sender, timer)


def run(args: argparse.Namespace) -> int:
    from xephang.configfile import load_toml

    cfg = load_toml(args.config, RatingPadConfig)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    try:
        pad = build_pad(cfg, args.counter)
    except ServerUnreachable as e:
        print(
            f"xephang rating-pad: cannot reach the server at {cfg.server.url}: {e}", file=sys.stderr
        )
        return 2
    if cfg.rating_pad.fullscreen and not args.size:
        pad.window.showFullScreen()
    else:
        w, h = (int(x) for x in (args.size or "1280x800").lower().split("x"))
        pad.window.resize(w, h)
        pad.window.show()
    code = app.exec()
    pad.close()
    return int(code)
