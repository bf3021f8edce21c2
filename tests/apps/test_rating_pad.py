"""The rating pad: its logic against the real server, in-process (one rating per
ticket, even under retries and offline), and the real window offscreen reacting to a
finished ticket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from queue_client.device_config import RatingPadConfig, RatingPadSection, ServerLink
from queue_client.store import LocalStore
from rating_pad.app import build_pad
from rating_pad.presenter import PadScreen, RatingPresenter, RatingSender
from testkit.flows import served
from testkit.servers import CENTRE, InProcessServer

REASONS = ["Chờ lâu", "Thái độ chưa tốt", "Hướng dẫn chưa rõ", "Giải quyết chậm", "Khác"]


@pytest.fixture
def srv(tmp_path: Path) -> Any:
    s = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    yield s
    s.stop()


def pad(srv: InProcessServer, tmp_path: Path, clock: Any = None) -> RatingPresenter:
    api = srv.api("rating", timeout_s=2)
    sender = RatingSender(api, LocalStore(tmp_path / "pad.db"))
    extra = {"clock": clock} if clock else {}
    return RatingPresenter(CENTRE, "01", sender, reasons=REASONS, timeout_s=30, thanks_s=5, **extra)


def ratings(srv: InProcessServer) -> int:
    count: int = srv.get("/api/v1/reports/summary", "manager").json()["totals"]["ratings"]
    return count


def test_positive_rating_once(srv: InProcessServer, tmp_path: Path) -> None:
    p = pad(srv, tmp_path)
    t = served(srv)
    p.finished(t)
    assert p.state.screen is PadScreen.ASK and p.state.ticket is not None
    assert [lv.name for lv, _ in p.levels()] == [
        "Rất hài lòng",
        "Hài lòng",
        "Bình thường",
        "Không hài lòng",
    ]
    p.choose("rat-hai-long")
    assert p.state.screen is PadScreen.THANKS and p.state.result == "sent"
    p.finished(t)  # the same ticket again (a replayed event): the server keeps one rating
    p.choose("hai-long")
    assert p.state.result == "already" and ratings(srv) == 1


def test_low_rating_asks_why_and_other_counters_are_ignored(
    srv: InProcessServer, tmp_path: Path
) -> None:
    p = pad(srv, tmp_path)
    p.finished(served(srv, "02"))
    assert p.state.screen is PadScreen.IDLE
    t = served(srv)
    p.finished(t)
    p.choose("khong-hai-long")
    assert p.state.screen is PadScreen.REASONS
    p.toggle_reason("Chờ lâu")
    p.toggle_reason("Khác")
    p.toggle_reason("Khác")
    p.send()
    assert p.state.result == "sent"
    report = srv.get("/api/v1/reports/summary", "manager").json()
    assert report["totals"]["ratings_by_level"]["khong-hai-long"] == 1


def test_no_touch_no_rating(srv: InProcessServer, tmp_path: Path) -> None:
    now = [1000.0]
    p = pad(srv, tmp_path, clock=lambda: now[0])
    p.finished(served(srv))
    now[0] += 29
    p.tick()
    assert p.state.screen is PadScreen.ASK
    now[0] += 2
    p.tick()
    assert p.state.screen is PadScreen.IDLE and ratings(srv) == 0


def test_offline_rating_is_kept_and_sent_once(srv: InProcessServer, tmp_path: Path) -> None:
    p = pad(srv, tmp_path)
    t = served(srv)
    p.finished(t)
    srv.link.cut()
    p.choose("hai-long")
    assert p.state.result == "kept" and p.sender.outbox.pending() == 1
    srv.link.restore()
    assert p.sender.outbox.check_server() and p.sender.outbox.pending() == 0
    assert p.sender.outbox.sync() == 0 and ratings(srv) == 1


def test_window_rates_a_finished_ticket(qtbot: Any, srv: InProcessServer, tmp_path: Path) -> None:
    cfg = RatingPadConfig(
        server=ServerLink(token=srv.tokens["rating"]),
        rating_pad=RatingPadSection(
            counter_id="01", fullscreen=False, store_path=str(tmp_path / "pad.db")
        ),
    )
    rp = build_pad(cfg, api=srv.api("rating"))
    qtbot.addWidget(rp.window)
    rp.window.resize(1280, 800)
    rp.window.show()
    try:
        qtbot.wait(500)  # the event stream connects
        served(srv)
        qtbot.waitUntil(
            lambda: rp.window.findChild(QPushButton, "level:hai-long") is not None, timeout=5000
        )
        question = rp.window.findChild(QLabel, "question")
        assert question is not None and "Quý vị đánh giá" in question.text()
        b = rp.window.findChild(QPushButton, "level:hai-long")
        assert b is not None and "Hài lòng" in b.text() and b.height() >= 150
        qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: rp.window.findChild(QLabel, "thanks") is not None, timeout=3000)
        qtbot.waitUntil(lambda: ratings(srv) == 1, timeout=3000)  # sent on the worker
        # A mis-tap on a low level: the pad shows it, and "Quay lại" undoes it.
        served(srv)
        qtbot.waitUntil(
            lambda: rp.window.findChild(QPushButton, "level:khong-hai-long") is not None,
            timeout=8000,
        )
        low = rp.window.findChild(QPushButton, "level:khong-hai-long")
        assert low is not None
        qtbot.mouseClick(low, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: rp.window.findChild(QLabel, "chosen") is not None, timeout=3000)
        chosen = rp.window.findChild(QLabel, "chosen")
        assert chosen is not None and chosen.text() == "Quý vị đã chọn: Không hài lòng"
        chip = rp.window.findChild(QPushButton, "reason:Chờ lâu")
        assert chip is not None
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: (
                (c := rp.window.findChild(QPushButton, "reason:Chờ lâu")) is not None
                and c.text() == "✓ Chờ lâu"
                and c.isChecked()
            ),
            timeout=3000,
        )
        qtbot.wait(50)
        rp.window.grab().save(str(Path("docs") / "rating-why.png"))
        back = rp.window.findChild(QPushButton, "back")
        assert back is not None
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: rp.window.findChild(QLabel, "question") is not None, timeout=3000)
        assert rp.presenter.state.level is None and ratings(srv) == 1  # nothing was sent
    finally:
        rp.close()
