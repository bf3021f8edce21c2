"""Wiring of the kiosk: config → API client, local store, printer, scanner, presenter,
window. `xephang kiosk --config FILE` runs it."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from device_drivers.audio import Voice, make_engine, sink_for
from device_drivers.counter_devices import Keypad, open_keypad
from device_drivers.printers.registry import open_printer
from device_drivers.scanners import CodeScanner
from device_drivers.scanners.registry import open_scanner
from device_drivers.serial_port import pump
from queue_client.api import ApiClient, ServerUnreachable
from queue_client.device_config import KioskConfig
from queue_client.logo import fetch_logo
from queue_client.qt_signals import quit_on_signals
from queue_client.qt_worker import Worker
from queue_client.store import LocalStore
from queue_client.tokens import device_api
from queue_core.centre import CentreConfig
from queue_core.device_errors import DeviceError, DeviceState
from queue_core.paper import PrinterTransport
from ticket_printer.printer import TicketPrinter

from .controls import TouchWatcher
from .issuer import TicketIssuer
from .presenter import KioskPresenter
from .widgets import KioskWindow

log = logging.getLogger("xephang.kiosk")


class CatalogueMissing(Exception):
    """Never connected to the server and nothing cached: the kiosk cannot start."""


class Bridge(QObject):
    """Carries results from worker threads into the Qt thread."""

    scanned = Signal(str)
    help = Signal(str)


@dataclass
class Kiosk:
    presenter: KioskPresenter
    window: KioskWindow
    issuer: TicketIssuer
    printer: TicketPrinter
    transport: PrinterTransport
    scanner: CodeScanner | None
    store: LocalStore
    bridge: Bridge
    timers: list[QTimer]
    stop: threading.Event
    workers: tuple[Worker, Worker]
    """The printer's (issue, print, status) and the server's (checks, health)."""
    voice: Voice | None = None
    """The spoken guidance (off until a citizen turns it on)."""

    def close(self) -> None:
        self.stop.set()
        for t in self.timers:
            t.stop()
        for w in self.workers:
            w.shutdown()
        if self.voice is not None:
            self.voice.close()
        if self.scanner is not None:
            self.scanner.close()
        self.window.close()
        self.store.close()


def load_catalogue(api: ApiClient, store: LocalStore) -> CentreConfig:
    try:
        centre = api.centre()
        store.save("centre", centre.model_dump(mode="json"))
        return centre
    except ServerUnreachable:
        data = store.load("centre")
        if data is None:
            raise CatalogueMissing(
                "the server is unreachable and no catalogue is cached yet: connect once first"
            ) from None
        log.warning("server unreachable at start: using the cached catalogue")
    return CentreConfig.model_validate(data)


def build_kiosk(
    cfg: KioskConfig,
    app: QApplication,
    *,
    transport: PrinterTransport | None = None,
    scanner: CodeScanner | None = None,
    api: ApiClient | None = None,
    help_button: Keypad | None = None,
) -> Kiosk:
    """`transport`, `scanner` and `api` replace the configured printer, scanner and
    server (tests pass simulators and an in-process server)."""
    api = api or device_api(cfg.server)
    store = LocalStore(cfg.kiosk.store_path)
    centre = load_catalogue(api, store)
    transport = transport or open_printer(
        cfg.printer.url, cfg.printer.paper_mm, cfg.printer.profile
    )
    logo = fetch_logo(api, centre.centre.id, store)
    printer = TicketPrinter(
        transport,
        centre,
        cfg.printer.paper_mm,
        cfg.printer.profile,
        logo=logo,
        large_print=cfg.printer.large_print,
    )
    issuer = TicketIssuer(api, store, cfg.kiosk.code)
    bridge = Bridge()
    stop = threading.Event()
    printing, server = Worker("printer"), Worker("server")
    voice = None
    if cfg.audio.engine != "none":
        voice = Voice(
            make_engine(cfg.audio.engine, cfg.audio.clips_dir), sink_for(cfg.audio.output)
        )

    def report(state: DeviceState) -> None:
        def send() -> None:
            try:
                api.report_health(state.value)
            except Exception as e:  # noqa: BLE001 - health is best effort; the kiosk goes on
                log.info("health report not sent: %s", e)

        server(send, lambda _: None)

    def call_staff() -> None:
        server(lambda: _ask_for_help(api), lambda _: None)

    presenter = KioskPresenter(
        centre,
        issuer,
        printer,
        idle_s=cfg.kiosk.idle_seconds,
        result_s=cfg.kiosk.result_seconds,
        pin=cfg.kiosk.staff_pin,
        split_services=frozenset(cfg.kiosk.split_services),
        on_exit=app.quit,
        report_health=report,
        background=printing,
        speak=voice.say if voice else lambda text: None,
        call_staff=call_staff,
    )
    presenter.state.language = cfg.kiosk.language
    window = KioskWindow(presenter, portrait=cfg.kiosk.orientation == "portrait", logo=logo)
    watcher = TouchWatcher(presenter.touch)
    app.installEventFilter(watcher)
    window._watcher = watcher  # type: ignore[attr-defined]  # keep it alive with the window

    bridge.scanned.connect(presenter.scanned)
    if cfg.scanner.url.startswith("keyboard:"):
        from device_drivers.scanners.qt_wedge import WedgeFilter

        wedge = WedgeFilter(window)
        app.installEventFilter(wedge)
        wedge.scanned.connect(presenter.scanned)
    else:
        if scanner is None:
            try:
                scanner = open_scanner(cfg.scanner.url, cfg.scanner.decoder)
            except DeviceError as e:
                log.error("scanner unavailable: %s", e)
        if scanner is not None:
            threading.Thread(
                target=pump, args=(scanner.read, bridge.scanned.emit, stop, "scanner"), daemon=True
            ).start()

    bridge.help.connect(lambda _key: presenter.help_pressed())
    help_button = help_button or open_keypad(cfg.help_button.url, cfg.help_button.keymap)
    if help_button is not None:
        threading.Thread(
            target=pump, args=(help_button.read, bridge.help.emit, stop, "help button"), daemon=True
        ).start()

    def check_server() -> None:
        server(issuer.check_server, lambda _: presenter.changed())

    def check_printer() -> None:
        printing(printer.status, presenter.set_printer_state)

    timers = [_every(5000, check_server), _every(10000, check_printer)]
    check_printer()
    return Kiosk(
        presenter,
        window,
        issuer,
        printer,
        transport,
        scanner,
        store,
        bridge,
        timers,
        stop,
        (printing, server),
        voice,
    )


def _ask_for_help(api: ApiClient) -> None:
    try:
        api.ask_for_help()
    except Exception as e:  # noqa: BLE001 - the kiosk goes on; the log says it
        log.error("help request not sent: %s", e)


def _every(ms: int, fn: Any) -> QTimer:
    t = QTimer()
    t.setInterval(ms)
    t.timeout.connect(fn)
    t.start()
    return t


def run(cfg: KioskConfig, size: tuple[int, int] | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    try:
        kiosk = build_kiosk(cfg, app)
    except CatalogueMissing as e:
        print(f"xephang kiosk: {e}", file=sys.stderr)
        return 2
    if size:
        kiosk.window.resize(*size)
        kiosk.window.show()
    elif cfg.kiosk.fullscreen:
        kiosk.window.showFullScreen()
    else:
        kiosk.window.resize(
            *((1080, 1920) if cfg.kiosk.orientation == "portrait" else (1920, 1080))
        )
        kiosk.window.show()
    quit_on_signals(app)
    code = app.exec()
    kiosk.close()
    return int(code)
