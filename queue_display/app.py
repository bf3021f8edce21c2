"""Wiring of the waiting-room display: snapshot, live events with replay, the board,
and the announcer. `xephang display --config FILE` runs it."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from device_drivers.audio import SpeakerSink, compose, make_engine, sink_for
from queue_client.api import ApiClient, ServerUnreachable
from queue_client.device_config import AudioSection, DisplayConfig
from queue_client.live import LiveQueue
from queue_client.logo import fetch_logo
from queue_client.qt_signals import quit_on_signals
from queue_client.tokens import device_api

from .announcer import Announcer, Speaker
from .presenter import DisplayPresenter
from .widgets import DisplayWindow

log = logging.getLogger("xephang.display")


class Bridge(QObject):
    got_event = Signal(object)
    connected = Signal(bool)
    snapshot = Signal(object)
    spoken = Signal(str)


@dataclass
class Display:
    presenter: DisplayPresenter
    window: DisplayWindow
    live: LiveQueue
    announcer: Speaker | None
    bridge: Bridge

    def close(self) -> None:
        self.live.stop()
        if self.announcer is not None:
            self.announcer.close()
        self.window.close()


def make_announcer(audio: AudioSection) -> Announcer | None:
    if audio.engine == "none":
        return None
    engine = make_engine(audio.engine, audio.clips_dir)
    sink = sink_for(audio.output)
    return Announcer(
        engine,
        sink,
        repeat=audio.repeat,
        with_chime=audio.chime,
        max_age_s=audio.max_age_seconds,
    )


def build_display(
    cfg: DisplayConfig,
    *,
    announcer: Speaker | None = None,
    use_config_audio: bool = True,
    api: ApiClient | None = None,
) -> Display:
    """`api` replaces the configured server (tests pass one over an in-process transport)."""
    api = api or device_api(cfg.server)
    centre = api.centre()
    if announcer is None and use_config_audio:
        announcer = make_announcer(cfg.audio)
    presenter = DisplayPresenter(
        centre,
        zone=cfg.display.counters or None,
        highlight_s=cfg.display.highlight_seconds,
        number_style=cfg.audio.numbers,
        announce=announcer.say if announcer else None,
    )
    window = DisplayWindow(presenter, logo=fetch_logo(api, centre.centre.id))
    bridge = Bridge()
    bridge.spoken.connect(presenter.spoken)
    if announcer is not None:  # the banner shows when the voice starts, on the Qt thread
        also = announcer.on_start

        def started(key: str, at: float) -> None:
            also(key, at)
            bridge.spoken.emit(key)

        announcer.on_start = started
    bridge.got_event.connect(presenter.apply)
    bridge.connected.connect(presenter.set_connected)
    bridge.snapshot.connect(presenter.load)
    live = LiveQueue(
        api,
        on_snapshot=bridge.snapshot.emit,
        on_event=bridge.got_event.emit,
        on_connected=bridge.connected.emit,
    )
    presenter.load(live.first)
    live.start()
    return Display(presenter, window, live, announcer, bridge)


def run(cfg: DisplayConfig, size: tuple[int, int] | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    try:
        display = build_display(cfg)
    except ServerUnreachable as e:
        print(f"xephang display: cannot reach the server at {cfg.server.url}: {e}", file=sys.stderr)
        return 2
    if size:
        display.window.fit(*size)
        display.window.show()
    elif cfg.display.fullscreen:
        screen = app.primaryScreen().geometry()
        display.window.fit(screen.width(), screen.height())
        display.window.showFullScreen()
    else:
        display.window.fit(1920, 1080)
        display.window.show()
    quit_on_signals(app)
    code = app.exec()
    display.close()
    return int(code)


def say(text: str, wav: str | None, engine_name: str, clips: str) -> int:
    """`xephang devices say`: speak now, or write the WAV."""
    from device_drivers.audio import SpeechError

    try:
        data = compose(make_engine(engine_name, clips), text, repeat=1)
        if wav:
            Path(wav).write_bytes(data)
            print(f"wrote {wav}")
        else:
            SpeakerSink().play(data)
    except SpeechError as e:
        print(f"xephang devices say: {e}", file=sys.stderr)
        return 2
    return 0
