"""Wiring of the counter client: login, the live queue, the window, the keypad and the
LED sign. `xephang counter --config FILE` runs it; `--headless` drives only the keypad."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from device_drivers.counter_devices import open_keypad, open_sign
from device_drivers.serial_port import pump
from queue_client.api import ApiClient, ApiError, ServerUnreachable
from queue_client.device_config import CounterConfig
from queue_client.live import LiveQueue
from queue_client.qt_signals import quit_on_signals
from queue_client.qt_worker import Worker
from queue_client.store import LocalStore
from queue_client.tokens import device_api
from queue_core.centre import CentreConfig
from queue_core.device_errors import DeviceError

from .presenter import CounterPresenter
from .session import CounterSession
from .widgets import CounterWindow, LoginWidget

log = logging.getLogger("xephang.counter")


class Bridge(QObject):
    snapshot = Signal(object)
    got_event = Signal(object)
    connected = Signal(bool)
    key = Signal(str)


@dataclass
class Counter:
    presenter: CounterPresenter
    window: CounterWindow
    live: LiveQueue
    bridge: Bridge
    stop: threading.Event
    workers: tuple[Worker, Worker]
    """The server's (commands) and the LED sign's."""

    def close(self) -> None:
        self.stop.set()
        self.live.stop()
        for w in self.workers:
            w.shutdown()
        self.window.close()


@dataclass
class Started:
    """What a login fetched and opened on the worker, for the UI thread to show."""

    counter_id: str
    officer: str
    centre: CentreConfig
    live: LiveQueue
    sign: Any
    keypad: Any


def connect(cfg: CounterConfig, api: ApiClient, counter_id: str, officer: str) -> Started:
    """Network and devices: off the UI thread (the login's worker)."""
    centre = api.centre()
    counter = centre.counter(counter_id)
    if counter is None:
        raise ValueError(f"no counter {counter_id}")
    live = LiveQueue(api, on_snapshot=None)
    return Started(counter_id, officer, centre, live, _sign(cfg, counter.number), _keypad(cfg))


def start_counter(cfg: CounterConfig, api: ApiClient, counter_id: str, officer: str) -> Counter:
    """After login, in one go (tests, and a start with a device token)."""
    return show_counter(api, connect(cfg, api, counter_id, officer))


def show_counter(api: ApiClient, started: Started) -> Counter:
    """The presenter, the window, live updates, keypad and LED sign; no I/O here."""
    commands, signing = Worker("server"), Worker("sign", max_pending=8)
    sign = started.sign

    def show_on_sign(text: str) -> None:
        if sign is not None:
            signing(lambda: sign.show(text), lambda _: None)

    presenter = CounterPresenter(
        started.centre,
        CounterSession(api, started.counter_id),
        show_on_sign=show_on_sign,
        background=commands,
    )
    window = CounterWindow(presenter, started.officer)
    bridge = Bridge()
    bridge.snapshot.connect(presenter.load)
    bridge.got_event.connect(presenter.apply)
    bridge.connected.connect(presenter.set_connected)
    bridge.key.connect(window.press)
    live = started.live
    live.on_snapshot, live.on_connected = bridge.snapshot.emit, bridge.connected.emit
    live.on_event = bridge.got_event.emit
    presenter.load(live.first)
    live.start()
    stop = threading.Event()
    if started.keypad is not None:
        threading.Thread(
            target=pump, args=(started.keypad.read, bridge.key.emit, stop, "keypad"), daemon=True
        ).start()
    return Counter(presenter, window, live, bridge, stop, (commands, signing))


def _sign(cfg: CounterConfig, counter_number: int) -> Any:
    try:
        return open_sign(
            cfg.led.url,
            cfg.led.protocol,
            counter=counter_number,
            first_register=cfg.led.first_register,
            frame=cfg.led.frame,
        )
    except DeviceError as e:
        log.error("LED sign unavailable: %s", e)
        return None


def _keypad(cfg: CounterConfig) -> Any:
    try:
        return open_keypad(cfg.keypad.url, cfg.keypad.keymap)
    except DeviceError as e:
        log.error("keypad unavailable: %s", e)
        return None


def run(cfg: CounterConfig, headless: bool = False) -> int:
    if headless:
        return run_headless(cfg)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    api = device_api(cfg.server, logged_in=False)
    store = LocalStore(cfg.counter.store_path)
    cached = store.load("centre")  # the catalogue needs a login: use the last one seen
    counters = [(c["id"], c["name"]) for c in cached["counters"]] if cached else []
    counters = counters or [(cfg.counter.counter_id, f"Quầy {cfg.counter.counter_id}")]
    chosen = store.load("counter_id") or cfg.counter.counter_id
    holder: dict[str, Counter] = {}
    worker = Worker("login")

    def log_in(username: str, password: str, counter_id: str) -> Started | str:
        try:
            view = api.login(username, password, counter_id)
            started = connect(cfg, api, counter_id, view.name or username)
        except ApiError as e:
            return e.message
        except ServerUnreachable:
            return "Không kết nối được máy chủ / Server unreachable"
        store.save("counter_id", counter_id)
        store.save("centre", started.centre.model_dump(mode="json"))
        return started

    def logged_in(outcome: Started | str) -> None:
        if isinstance(outcome, str):
            login.failed(outcome)
            return
        holder["c"] = show_counter(api, outcome)
        holder["c"].window.resize(1280, 860)
        holder["c"].window.show()
        login.close()

    def on_login(username: str, password: str, counter_id: str) -> str:
        if not worker(lambda: log_in(username, password, counter_id), logged_in):
            return "Đang đăng nhập, vui lòng chờ"
        return ""

    login = LoginWidget(counters, chosen, cfg.counter.username, on_login)
    login.resize(480, 420)
    login.show()
    quit_on_signals(app)
    code = app.exec()
    if "c" in holder:
        holder["c"].close()
    worker.shutdown()
    return int(code)


def run_headless(cfg: CounterConfig) -> int:
    """Keypad and LED sign only, with the counter's device token (no window, no login)."""
    api = device_api(cfg.server)
    centre = api.centre()
    counter = centre.counter(cfg.counter.counter_id)
    if counter is None:
        print(f"xephang counter: no counter {cfg.counter.counter_id}", file=sys.stderr)
        return 2
    sign = _sign(cfg, counter.number)
    presenter = CounterPresenter(
        centre,
        CounterSession(api, counter.id),
        show_on_sign=sign.show if sign else (lambda text: None),
    )
    presenter.load(api.queue())
    keypad = _keypad(cfg)
    if keypad is None:
        print("xephang counter --headless: no keypad configured", file=sys.stderr)
        return 2
    print(f"{counter.name}: keypad ready (Ctrl+C to stop)")
    try:
        while True:
            command = keypad.read(1.0)
            if command in ("pause", "resume"):
                command = "pause"
            if command:
                presenter.load(api.queue())
                presenter.do(command)
                cur = presenter.state.current
                print(
                    f"{command}: {cur.number if cur else '—'} {presenter.state.message}".strip(),
                    flush=True,
                )
    except KeyboardInterrupt:
        return 0
