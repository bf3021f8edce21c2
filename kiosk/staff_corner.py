"""The kiosk's staff corner: a long press top-left, the PIN, the settings screen (sync
now, leave the app). A part of `KioskPresenter`, apart because citizens never see it."""

from __future__ import annotations

from collections.abc import Callable

from queue_client.background import Background

from .state import Issuer, KioskState, Screen


class StaffCorner:
    state: KioskState
    pin: str
    issuer: Issuer
    background: Background
    on_exit: Callable[[], None]
    # The presenter's own plumbing, used here.
    touch: Callable[[], None]
    changed: Callable[[], None]
    _go: Callable[[Screen], None]
    t: Callable[..., str]

    def staff_corner(self) -> None:
        """A long press in the top-left corner: ask for the PIN."""
        self.touch()
        self.state.pin = ""
        self._go(Screen.PIN)

    def pin_digit(self, digit: str) -> None:
        self.touch()
        if len(self.state.pin) < 8:
            self.state.pin += digit
        self.changed()

    def pin_clear(self) -> None:
        self.touch()
        self.state.pin = ""
        self.changed()

    def pin_ok(self) -> None:
        self.touch()
        if self.state.pin == self.pin:
            self.state.pin = ""
            self._go(Screen.SETTINGS)
        else:
            self.state.pin = ""
            self.state.message = self.t("pin_wrong")
            self.changed()

    def sync_now(self) -> None:
        self.touch()
        self.background(self.issuer.sync, lambda sent: self.changed())

    def exit_app(self) -> None:
        if self.state.screen is Screen.SETTINGS:
            self.on_exit()
