"""The waiting-room display: the board's logic, announcements as real WAV files, and the
real window offscreen against the real server (in-process), through a network cut."""

from __future__ import annotations

import io
import shutil
import time
import wave
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from device_drivers.audio import ClipEngine, EspeakEngine, WavFolderSink, render_clips
from queue_client.device_config import AudioSection, DisplayConfig, DisplaySection, ServerLink
from queue_client.sse import Event
from queue_core.clock import iso_local
from queue_core.contract import TicketEvent
from queue_core.tickets import Status
from queue_display.announcer import Announcer
from queue_display.app import build_display
from queue_display.presenter import DisplayPresenter
from testkit.keys import key
from testkit.servers import CENTRE, InProcessServer

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng not installed"
)


def called(
    seq: int, number: str, counter: str, at: float | None = None, kind: str = "ticket.called"
) -> Event:
    c = CENTRE.counter(counter)
    assert c is not None
    when = iso_local(at if at is not None else time.time())
    return Event(seq, kind, payload(number, Status.CALLED, counter, c.number, when))


def payload(
    number: str,
    status: Status,
    counter_id: str | None = None,
    counter_number: int | None = None,
    called_at: str | None = None,
) -> dict[str, Any]:
    """A ticket event's payload as the server sends it."""
    event = TicketEvent(
        id=f"t{number}",
        number=number,
        service_id="ho-tich",
        status=status,
        counter_id=counter_id,
        counter_number=counter_number,
        issued_at=iso_local(time.time()) or "",
        called_at=called_at,
    )
    return event.model_dump(mode="json")


def test_presenter_calls_zones_and_stale_replays() -> None:
    spoken: list[str] = []
    now = [1000.0]
    p = DisplayPresenter(CENTRE, zone=["01", "02"], announce=spoken.append, clock=lambda: now[0])
    p.apply(called(1, "1023", "01", at=now[0]))
    assert p.row("01") is not None and p.row("01").serving == "1023"  # type: ignore[union-attr]
    assert p.state.banner is not None and p.state.banner.number == "1023"
    assert spoken == [
        "Xin mời công dân có số thứ tự một nghìn không trăm hai mươi ba đến quầy số một"
    ]
    p.apply(called(2, "4001", "04", at=now[0]))  # another zone's counter: not here, not spoken
    assert p.row("04") is None and len(spoken) == 1
    p.apply(
        called(3, "1002", "02", at=now[0] - 600)
    )  # replayed after a long cut: shown, not spoken
    assert p.row("02").serving == "1002" and len(spoken) == 1  # type: ignore[union-attr]
    p.apply(called(4, "1002", "02", at=now[0] - 600, kind="ticket.recalled"))
    assert len(spoken) == 2  # a recall is announced again
    assert [c.number for c in p.state.calls] == ["1002", "1002", "1023"]
    now[0] += 10
    p.tick()
    assert p.state.banner is None and all(r.highlight_until == 0 for r in p.state.rows)
    p.apply(Event(5, "ticket.finished", payload("1023", Status.DONE, "01", 1)))
    assert p.row("01").serving == ""


@needs_espeak
def test_announcements_are_wav_files_of_plausible_length_in_order(tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    render_clips(EspeakEngine(), clips)
    sink = WavFolderSink(tmp_path / "out", speedup=20)
    announcer = Announcer(ClipEngine(clips), sink, repeat=2)
    texts = [
        f"Xin mời công dân có số thứ tự {n} đến quầy số năm"
        for n in (
            "một nghìn không trăm hai mươi ba",
            "một nghìn không trăm lẻ năm",
            "a không không năm",
        )
    ]
    for t in texts:
        announcer.say(t)
    deadline = time.time() + 20
    while len(announcer.played) < 3 and time.time() < deadline:
        time.sleep(0.05)
    announcer.close()
    assert [p.text for p in announcer.played] == texts
    files = sorted((tmp_path / "out").glob("announcement-*.wav"))
    assert len(files) == 3
    for f, played in zip(files, announcer.played, strict=True):
        with wave.open(io.BytesIO(f.read_bytes())) as w:
            seconds = w.getnframes() / w.getframerate()
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        # chime (~1.2 s) + the call twice (~4–8 s each) + pauses
        assert 8 < seconds < 25 and abs(seconds - played.seconds) < 0.01
    for a, b in zip(announcer.played, announcer.played[1:], strict=False):
        assert b.started >= a.started + a.seconds / 20 - 0.01, "announcements overlapped"


@pytest.fixture
def display_setup(qtbot: Any, tmp_path: Path) -> Any:
    srv = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    spoken: list[str] = []

    class Recorder:
        def say(self, text: str) -> None:
            spoken.append(text)

        def close(self) -> None:
            pass

    cfg = DisplayConfig(
        server=ServerLink(token=srv.tokens["display"]),
        display=DisplaySection(fullscreen=False, counters=["01", "02", "03"]),
        audio=AudioSection(engine="none"),
    )
    d = build_display(cfg, announcer=Recorder(), api=srv.api("display"))  # type: ignore[arg-type]
    d.window.fit(1920, 1080)
    d.window.show()
    qtbot.addWidget(d.window)
    qtbot.waitUntil(lambda: d.presenter.state.connected, timeout=5000)
    try:
        yield d, srv, srv.link, spoken
    finally:
        d.close()
        srv.stop()


def label(d: Any, name: str) -> str:
    w = d.window.findChild(QLabel, name)
    return w.text() if w is not None else ""


def test_a_call_appears_and_is_spoken(qtbot: Any, display_setup: Any) -> None:
    d, srv, _, spoken = display_setup
    srv.post("/api/v1/tickets", "kiosk", {"service_id": "ho-tich", "idempotency_key": key()})
    srv.post("/api/v1/counters/02/call-next", "counter", {"idempotency_key": key()})
    qtbot.waitUntil(lambda: label(d, "serving:02") == "1001", timeout=5000)
    assert label(d, "banner") == "MỜI CÔNG DÂN SỐ 1001 ĐẾN QUẦY 02"
    assert spoken == ["Xin mời công dân có số thứ tự một nghìn không trăm lẻ một đến quầy số hai"]
    assert d.window.findChild(QLabel, "serving:04") is None  # not in this display's zone
    assert d.window.width() == 1920 and d.window.height() == 1080


def test_reconnect_replays_missed_calls(qtbot: Any, display_setup: Any) -> None:
    d, srv, proxy, spoken = display_setup
    for _ in range(3):
        srv.post("/api/v1/tickets", "kiosk", {"service_id": "chung-thuc", "idempotency_key": key()})
    proxy.cut()
    qtbot.waitUntil(lambda: not d.presenter.state.connected, timeout=10000)
    qtbot.waitUntil(lambda: label(d, "reconnecting") != "", timeout=3000)
    srv.post("/api/v1/counters/01/call-next", "counter", {"idempotency_key": key()})
    srv.post("/api/v1/counters/03/call-next", "counter", {"idempotency_key": key()})
    time.sleep(0.5)
    proxy.restore()
    qtbot.waitUntil(lambda: label(d, "serving:03") == "2002", timeout=15000)
    assert label(d, "serving:01") == "2001"
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=5000)
    assert [c.number for c in d.presenter.state.calls[:2]] == ["2002", "2001"]
    assert len(spoken) == 2  # missed by seconds only: still announced, once each
    qtbot.waitUntil(lambda: label(d, "reconnecting") == "", timeout=3000)


def test_the_priority_counter_is_marked_on_the_board(qtbot: Any, tmp_path: Path) -> None:
    from queue_display.widgets import DisplayWindow

    p = DisplayPresenter(CENTRE)
    w = DisplayWindow(p)
    qtbot.addWidget(w)
    w.fit(1920, 1080)
    w.show()
    p.changed()
    title = w.findChild(QLabel, "counter:06")
    assert title is not None and title.text() == "Quầy 06 · ƯU TIÊN"
    other = w.findChild(QLabel, "counter:01")
    assert other is not None and "ƯU TIÊN" not in other.text()
