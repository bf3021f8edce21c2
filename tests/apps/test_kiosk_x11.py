"""The real kiosk window on a real X server (Xvfb), a keyboard-wedge scanner typing into
it through real X11 key events (xdotool, 5 ms a key as a USB scanner does) and a person
typing and clicking. `sendEvent` would skip what broke in the field: Qt delivering one
key press to the window, the focused widget and its parents."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from testkit.cards import payload
from testkit.servers import ThreadServer
from testkit.x11 import VirtualScreen, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not VirtualScreen.available(), reason="needs Xvfb and xdotool"),
]


class ProbedKiosk:
    """`python -m testkit.kiosk_probe` on the screen; its state lines read as they come."""

    def __init__(self, screen: VirtualScreen, config: Path) -> None:
        self.screen = screen
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "testkit.kiosk_probe", str(config), "1080x1800"],
            env=screen.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.state: dict[str, Any] = {}
        self.lines = 0
        threading.Thread(target=self._read, daemon=True).start()
        wait_for(lambda: self.state.get("screen") == "home", 30, "the kiosk's home screen")
        self.window = screen.window("XepHang — Kiosk")
        screen.xdotool("windowfocus", "--sync", self.window)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.state = json.loads(line)
            self.lines += 1

    def click(self, name: str) -> None:
        wait_for(lambda: name in self.state.get("buttons", {}), 10, f"button {name}")
        x, y, enabled = self.state["buttons"][name]
        assert enabled, f"{name} is disabled"
        self.screen.click(x, y)

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=20)
        return err


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[tuple[ProbedKiosk, ThreadServer]]:
    srv = ThreadServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    screen = VirtualScreen().start()
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[server]\nurl = "{srv.base}"\ntoken = "{srv.tokens["kiosk"]}"\n'
        f'[kiosk]\nfullscreen = false\nstore_path = "{tmp_path / "k.db"}"\n'
        f'[printer]\nurl = "sim://{tmp_path / "printer"}"\n'
        '[scanner]\nurl = "keyboard:"\n',
        encoding="utf-8",
    )
    probed = ProbedKiosk(screen, config)
    try:
        yield probed, srv
    finally:
        err = probed.stop()
        screen.stop()
        srv.stop()
        assert "Traceback" not in err, err


def test_a_wedge_scan_fills_the_name_and_offers_priority(
    kiosk: tuple[ProbedKiosk, ThreadServer],
) -> None:
    k, srv = kiosk
    card = payload(born=date(1950, 5, 5))  # 76 years old, spaces and diacritics
    k.screen.type(card, 5)
    k.screen.key("Return")
    wait_for(lambda: k.state["screen"] == "services", 15, "the scan to open the services")
    assert k.state["name"] == "Nguyễn Văn Ánh"
    assert k.state["priority"] == "nguoi-cao-tuoi" and k.state["elderly"]
    assert k.state["message"] == "" and k.state["language"] == "vi"
    k.click("service:ho-tich")
    wait_for(lambda: k.state["screen"] == "confirm", 10, "the confirm screen")
    k.click("print")
    wait_for(lambda: k.state["screen"] == "result", 15, "the result screen")
    tickets = srv.get("/api/v1/tickets?number=" + k.state["ticket"], "counter").json()
    assert tickets[0]["priority"] == "nguoi-cao-tuoi"
    assert tickets[0]["citizen"]["name"] == "Nguyễn Văn Ánh"


def test_the_search_field_takes_quick_typing_and_gives_a_scan_back(
    kiosk: tuple[ProbedKiosk, ThreadServer],
) -> None:
    k, _ = kiosk
    k.click("lookup")
    wait_for(lambda: k.state["screen"] == "lookup", 10, "the lookup screen")
    k.screen.type("khai sinh", 45)  # a quick typist: never a card error
    wait_for(
        lambda: (
            k.state["query"] == "khai sinh"
            and any(name.startswith("result:") for name in k.state["buttons"])
        ),
        10,
        "the query's results",
    )
    assert k.state["message"] == ""
    k.screen.type(payload(born=date(1990, 1, 1)), 5)  # a scan while the field has focus
    k.screen.key("Return")
    wait_for(lambda: k.state["name"] == "Nguyễn Văn Ánh", 15, "the scan")
    assert k.state["field"] == "khai sinh" and k.state["query"] == "khai sinh"
    assert k.state["message"] == "" and not k.state["elderly"]
    k.click("result:khai-sinh")  # a real tap on a result in the touch-scrolled list
    wait_for(lambda: k.state["screen"] == "detail", 10, "the procedure's page")


def test_the_on_screen_keyboard_types_the_search(kiosk: tuple[ProbedKiosk, ThreadServer]) -> None:
    k, _ = kiosk
    k.click("lookup")
    wait_for(lambda: k.state["screen"] == "lookup", 10, "the lookup screen")
    for name in ("key:k", "key:e", "key:t", "key:space", "key:h", "key:o", "key:n"):
        k.click(name)
    wait_for(lambda: k.state["query"] == "ket hon", 10, "the typed query")
    assert k.state["field"] == "ket hon"
    k.click("key:⌫")
    wait_for(lambda: k.state["query"] == "ket ho", 10, "one letter less")
    k.click("key:clear")
    wait_for(lambda: k.state["query"] == "", 10, "an empty query")
