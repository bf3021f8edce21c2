"""The kiosk for everyone: large text, high contrast and spoken guidance, each one touch
away on the home screen, back to normal for the next citizen (`home()` starts a new
state). A part of `KioskPresenter`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from .guidance import guidance
from .state import KioskState, Screen

if TYPE_CHECKING:
    from .presenter import KioskPresenter

ReadKey = tuple[Screen, str, bool, str]
"""What a reading was of: the screen, the ticket's number, busy, the language."""


class Accessibility:
    state: KioskState
    speak: Callable[[str], None]
    """Says a text in the background (the Qt app's guide voice; tests listen)."""
    call_staff: Callable[[], None]
    """Tells the server a citizen here needs staff (on the kiosk's server worker)."""
    _read: ReadKey | None
    changed: Callable[[], None]
    _tap: Callable[[], None]
    t: Callable[..., str]

    def toggle_large(self) -> None:
        self._tap()
        self.state.large = not self.state.large
        self.changed()

    def toggle_contrast(self) -> None:
        self._tap()
        self.state.contrast = not self.state.contrast
        self.changed()

    def toggle_voice(self) -> None:
        """Spoken guidance on: this screen is read now, and every screen after it."""
        self._tap()
        self.state.voice = not self.state.voice
        self._read = None
        self.changed()

    def listen(self) -> None:
        """'Nghe hướng dẫn': read this screen once, whatever the setting."""
        self._tap()
        self._say_screen()

    def help_pressed(self) -> None:
        """The hardware help button: staff are called, and the citizen told so aloud
        (whoever presses it may not see the screen)."""
        self._tap()
        self.call_staff()
        self.state.message = self.t("help_called")
        self.speak(self.state.message)
        self.changed()

    def guide(self) -> None:
        """After every change: with guidance on, read a screen the first time it shows
        (and the result once the number is known)."""
        if self.state.voice and self._read != self._read_key():
            self._say_screen()

    def _read_key(self) -> ReadKey:
        s = self.state
        return (s.screen, s.ticket.number if s.ticket else "", s.busy, s.language)

    def _say_screen(self) -> None:
        self._read = self._read_key()
        text = guidance(cast("KioskPresenter", self))
        if text:
            self.speak(text)
