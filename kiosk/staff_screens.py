"""The kiosk's staff screens (PIN pad, settings): drawn by `KioskWindow`, apart because
citizens never see them."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QGridLayout, QWidget

from .controls import button, label
from .presenter import KioskPresenter


class StaffScreens:
    p: KioskPresenter
    portrait: bool

    def add(self, w: QWidget, stretch: int = 0) -> None:
        raise NotImplementedError  # KioskWindow's

    def _pin(self) -> None:
        p = self.p
        self.add(label(p.t("pin_title"), 36, True))
        self.add(label("•" * len(p.state.pin) or " ", 48, True, name="pin-dots"))
        pad = QWidget()
        g = QGridLayout(pad)
        for i, d in enumerate("123456789"):
            g.addWidget(button(d, partial(p.pin_digit, d), f"pin:{d}", "plain"), i // 3, i % 3)
        g.addWidget(button(p.t("clear"), p.pin_clear, "pin-clear", "plain"), 3, 0)
        g.addWidget(button("0", partial(p.pin_digit, "0"), "pin:0", "plain"), 3, 1)
        g.addWidget(button(p.t("ok"), p.pin_ok, "pin-ok"), 3, 2)
        if not self.portrait:  # four rows of keys under the header in 1080 rows
            pad.setStyleSheet("QPushButton { min-height: 72px; }")
        self.add(pad, 1)
        self.add(button(p.t("home"), p.home, "home", "plain"))

    def _settings(self) -> None:
        p = self.p
        self.add(label(p.t("settings"), 40, True))
        self.add(label(p.t("printer_state", state=p.state.printer.value), 28, name="printer-state"))
        server = p.t("online") if p.issuer.online else p.t("offline", n=p.issuer.pending())
        self.add(label(p.t("server_state", state=server), 28, name="server-state"))
        self.add(button(p.t("sync_now"), p.sync_now, "sync", "plain"))
        self.add(QWidget(), 1)
        self.add(button(p.t("exit"), p.exit_app, "exit"))
        self.add(button(p.t("home"), p.home, "home", "plain"))
