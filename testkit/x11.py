"""A real X server for tests that need real input: Xvfb, and xdotool to type and click
into real windows as a person (or a keyboard-wedge scanner) would."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable

from .xtest_keyboard import XTestKeyboard


class VirtualScreen:
    """`Xvfb` on a free display number (it picks one and tells us through -displayfd)."""

    def __init__(self, width: int = 1920, height: int = 1920) -> None:
        self.size = f"{width}x{height}x24"
        self.proc: subprocess.Popen[bytes] | None = None
        self.display = ""
        self._keyboard: XTestKeyboard | None = None

    @staticmethod
    def available() -> bool:
        return bool(shutil.which("Xvfb") and shutil.which("xdotool"))

    def start(self) -> VirtualScreen:
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", self.size, "-nolisten", "tcp"],
            pass_fds=(write,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ":" + f.readline().strip()
        return self

    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}

    def xdotool(self, *args: str) -> str:
        out = subprocess.run(
            ["xdotool", *args],
            check=False,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        if out.returncode != 0:
            raise RuntimeError(f"xdotool {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout.strip()

    def window(self, title: str, timeout_s: float = 20) -> str:
        """The id of the first visible window with this title."""
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            try:
                found = self.xdotool("search", "--onlyvisible", "--name", title)
            except RuntimeError:
                found = ""
            if found:
                return found.split()[0]
            time.sleep(0.2)
        raise TimeoutError(f"no window {title!r} on {self.display}")

    def type(self, text: str, delay_ms: float) -> None:
        """Real key presses through XTest (see `xtest_keyboard` for why not xdotool's)."""
        if self._keyboard is None:
            self._keyboard = XTestKeyboard(self.display)
        self._keyboard.type(text, delay_ms)

    def key(self, *keys: str) -> None:
        self.xdotool("key", *keys)

    def click(self, x: int, y: int) -> None:
        self.xdotool("mousemove", "--sync", str(x), str(y), "click", "1")

    def stop(self) -> None:
        if self._keyboard is not None:
            self._keyboard.close()
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)


def wait_for(check: Callable[[], bool], timeout_s: float = 10, what: str = "") -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what or check}")
