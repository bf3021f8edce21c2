"""The waiting-room display: the board's logic, announcements as real WAV files, and the
real window offscreen against the real server (in-process), through a network cut."""

from __future__ import annotations

import io
import shutil
import time
import wave
from collections.abc import Callable
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
    p = DisplayPresenter(
        CENTRE,
        zone=["01", "02"],
        announce=lambda text, key, short: spoken.append(text),
        clock=lambda: now[0],
    )
    p.apply(called(1, "1023", "01", at=now[0]))
    assert p.row("01") is not None and p.row("01").serving == "1023"  # type: ignore[union-attr]
    assert p.state.banner is None  # the banner waits for the voice
    p.spoken("1023@1")
    assert p.state.banner is not None and p.state.banner.number == "1023"
    assert spoken == [
        "Xin mời công dân có số thứ tự một nghìn không trăm hai mươi ba đến quầy số một"
    ]
    p.apply(called(2, "4001", "04", at=now[0]))  # another zone's counter: not here, not spoken
    assert p.row("04") is None and len(spoken) == 1
    p.apply(
        called(3, "1002", "02", at=now[0] - 600)
    )  # replayed after a long cut: shown, not spoken
    assert p.row("02").serving == "1002" and len(spoken) == 1
    p.apply(called(4, "1002", "02", at=now[0] - 600, kind="ticket.recalled"))
    assert len(spoken) == 2  # a recall is announced again
    assert [(c.number, c.recall) for c in p.state.calls] == [
        ("1002", True),
        ("1002", False),
        ("1023", False),
    ]
    lit = [r.counter_id for r in p.state.rows if r.highlight_until > now[0]]
    assert lit == ["02"]  # only the newest call is lit
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
    announcer.say(texts[0])  # alone: chime and the call twice
    deadline = time.time() + 20
    while len(announcer.played) < 1 and time.time() < deadline:
        time.sleep(0.05)
    for t in texts[1:]:  # two at once: the first of them is said once, without the chime
        announcer.say(t)
    while len(announcer.played) < 3 and time.time() < deadline:
        time.sleep(0.05)
    announcer.close()
    assert [p.text for p in announcer.played] == texts
    files = sorted((tmp_path / "out").glob("announcement-*.wav"))
    assert len(files) == 3
    lengths = []
    for f, played in zip(files, announcer.played, strict=True):
        with wave.open(io.BytesIO(f.read_bytes())) as w:
            seconds = w.getnframes() / w.getframerate()
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert abs(seconds - played.seconds) < 0.01
        lengths.append(seconds)
    # chime (~1.2 s) + the call twice (~4–8 s each) + pauses; once: ~3–8 s
    assert 8 < lengths[0] < 25 and 8 < lengths[2] < 25
    assert 2.5 < lengths[1] < lengths[0] / 2 + 1
    for a, b in zip(announcer.played, announcer.played[1:], strict=False):
        assert b.started >= a.started + a.seconds / 20 - 0.01, "announcements overlapped"


@pytest.fixture
def display_setup(qtbot: Any, tmp_path: Path) -> Any:
    srv = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    spoken: list[str] = []

    class Recorder:
        """Speaks at once: the banner shows as the voice starts."""

        def __init__(self) -> None:
            self.on_start: Callable[[str, float], None] = lambda key, at: None

        def say(self, text: str, key: str = "", short: str = "") -> None:
            spoken.append(text)
            self.on_start(key, time.monotonic())

        def close(self) -> None:
            pass

    cfg = DisplayConfig(
        server=ServerLink(token=srv.tokens["display"]),
        display=DisplaySection(fullscreen=False, counters=["01", "02", "03"]),
        audio=AudioSection(engine="none"),
    )
    d = build_display(cfg, announcer=Recorder(), api=srv.api("display"))
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


def font_px(label: QLabel | None) -> int:
    import re

    assert label is not None
    found = re.search(r"font-size: (\d+)px", label.styleSheet())
    assert found is not None
    return int(found.group(1))


def test_the_board_reads_from_afar(qtbot: Any, tmp_path: Path) -> None:
    """The counter's number as large as the number it serves, the priority counter
    marked, only the newest call lit, recalls marked, laid out again on resize."""
    from queue_display.widgets import DisplayWindow

    now = [time.time()]
    p = DisplayPresenter(CENTRE, clock=lambda: now[0])
    w = DisplayWindow(p)
    qtbot.addWidget(w)
    w.fit(1920, 1080)
    w.show()
    for seq, (number, desk) in enumerate(
        [("1001", "01"), ("2001", "02"), ("3001", "03"), ("1002", "04"), ("4001", "05")], 1
    ):
        p.apply(called(seq, number, desk, at=now[0]))
    p.apply(called(6, "1001", "01", at=now[0], kind="ticket.recalled"))
    qtbot.wait(50)
    counter = w.findChild(QLabel, "counter:01")
    serving = w.findChild(QLabel, "serving:01")
    assert counter is not None and counter.text() == "01"
    assert font_px(counter) == font_px(serving) >= 120
    big = font_px(counter)
    assert w.findChild(QLabel, "priority:06") is not None
    assert w.findChild(QLabel, "priority:01") is None
    lit = [r.counter_id for r in p.state.rows if r.highlight_until > now[0]]
    assert lit == ["01"]
    call0 = w.findChild(QLabel, "call:0")
    assert call0 is not None and call0.text() == "1001  →  Quầy 01 (gọi lại)"
    heights = [w.findChild(QLabel, f"call:{i}").height() for i in range(4)]  # type: ignore[union-attr]
    assert len(set(heights)) == 1
    w.grab().save(str(Path("docs") / "display-1920x1080.png"))
    w.resize(1280, 720)  # a smaller TV: the board follows
    qtbot.waitUntil(lambda: w.screen_h == 720, timeout=3000)
    qtbot.wait(50)
    assert font_px(w.findChild(QLabel, "counter:01")) < big


class VirtualTime:
    """A clock that moves only while something is being said: the announcer's logic at
    the speed of a real day, without waiting for it."""

    def __init__(self) -> None:
        import threading

        self.now = 0.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now


class FourSecondCalls:
    """Every call takes 4 s to say (espeak-ng's Vietnamese call is 4–6 s)."""

    def pcm(self, text: str) -> bytes:
        from device_drivers.audio import silence

        return silence(4.0)


class ClockedSink:
    def __init__(self, clock: VirtualTime) -> None:
        self.clock = clock

    def play(self, wav: bytes) -> None:
        from device_drivers.audio import duration_s

        with self.clock.lock:
            self.clock.now += duration_s(wav)


def test_announcements_never_fall_far_behind() -> None:
    """Forty calls at once: those that waited a minute are dropped, the backlog is said
    once, the rest spoken once each without the chime; a repeated call is said once."""
    from queue_display.announcer import BACKLOG_VI

    clock = VirtualTime()
    announcer = Announcer(FourSecondCalls(), ClockedSink(clock), max_age_s=60, clock=clock)
    for n in range(40):
        announcer.say(f"Xin mời số {1001 + n}", key=f"{1001 + n}@1")
    announcer.say("Xin mời số 1001", key="1001@1")  # recalled while still waiting
    deadline = time.monotonic() + 20
    while announcer.backlog() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    announcer.close()
    calls = [p for p in announcer.played if p.key]
    assert all(p.started - p.queued <= 60 for p in calls)
    assert announcer.dropped > 0
    assert [p.text for p in announcer.played].count(BACKLOG_VI) == 1
    assert len(calls) + announcer.dropped == 40  # 1001 twice became one
    assert [p.key for p in calls].count("1001@1") <= 1  # at its newest place, once
    assert all(p.seconds < 5 for p in calls[:-1])  # once, no chime, while others waited


def test_the_banner_leaves_when_its_ticket_does() -> None:
    now = [1000.0]
    p = DisplayPresenter(CENTRE, zone=["01", "02"], clock=lambda: now[0])
    p.apply(called(1, "1023", "01", at=now[0]))
    assert p.state.banner is not None and p.state.banner.number == "1023"
    p.apply(Event(2, "ticket.no_show", payload("1023", Status.NO_SHOW, "01", 1)))
    assert p.state.banner is None and p.row("01").serving == ""


def test_waiting_calls_are_merged_into_one_short_announcement() -> None:
    from queue_core.speech import call_sentence, short_call

    clock = VirtualTime()
    announcer = Announcer(FourSecondCalls(), ClockedSink(clock), merge=3, clock=clock)
    for number, desk in (("1001", 1), ("1002", 2), ("1003", 3), ("1004", 4)):
        announcer.say(call_sentence(number, desk), f"{number}@{desk}", short_call(number, desk))
    deadline = time.monotonic() + 10
    while len(announcer.played) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    announcer.close()
    texts = [p.text for p in announcer.played]
    merged = [t for t in texts if t.startswith("Xin mời số")]
    assert merged and "số một nghìn không trăm lẻ hai quầy hai" in merged[0]
    assert sorted(p.key for p in announcer.played) == ["1001@1", "1002@2", "1003@3", "1004@4"]
