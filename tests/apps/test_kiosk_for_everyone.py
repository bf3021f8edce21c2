"""The kiosk for everyone: large text and high contrast one touch away, spoken guidance
that says each screen's question, its buttons and the issued number (WAVs checked), a
large-print ticket, and everything back to normal for the next citizen."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from device_drivers.audio import duration_s
from device_drivers.counter_devices import SimKeypad
from device_drivers.printers.sim import SimPrinter
from device_drivers.scanners.sim import SimScanner
from kiosk.app import Kiosk, build_kiosk
from kiosk.issuer import TicketIssuer
from kiosk.presenter import KioskPresenter
from kiosk.state import Screen
from kiosk.texts import TEXTS
from queue_client.api import ApiClient
from queue_client.device_config import AudioSection, KioskConfig, KioskSection, ServerLink
from queue_client.store import LocalStore
from testkit.servers import CENTRE, InProcessServer
from ticket_printer.printer import TicketPrinter

HOME_VI = (
    "Xin chào Quý vị. Để lấy số thứ tự, chạm nút lớn ở giữa màn hình. Người cao tuổi, "
    "người khuyết tật và phụ nữ mang thai chạm nút Ưu tiên ngay bên dưới. Nút Tra cứu thủ "
    "tục ở dưới cùng. Chạm nút Nghe hướng dẫn ở góc trên để nghe lại."
)


@pytest.fixture
def presenter(tmp_path: Path) -> Iterator[tuple[KioskPresenter, SimPrinter, list[str]]]:
    srv = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    api = ApiClient(srv.transport, srv.tokens["kiosk"], timeout_s=2)
    issuer = TicketIssuer(api, LocalStore(tmp_path / "kiosk.db"), "K1")
    printer = SimPrinter(tmp_path / "printer")
    said: list[str] = []
    p = KioskPresenter(CENTRE, issuer, TicketPrinter(printer, CENTRE), speak=said.append)
    try:
        yield p, printer, said
    finally:
        srv.stop()


def test_guidance_reads_each_screen_and_the_number(
    presenter: tuple[KioskPresenter, SimPrinter, list[str]],
) -> None:
    p, _, said = presenter
    p.listen()  # on request, without turning guidance on
    assert said == [HOME_VI]
    p.toggle_voice()  # on: this screen and every new one
    p.take_number()
    services = "; ".join(s.name for s in CENTRE.services)
    assert said[-1] == (
        f"Quý vị cần làm thủ tục thuộc lĩnh vực nào? Các nút, từ trên xuống: {services}. "
        "Nút Quay lại ở cuối màn hình."
    )
    p.choose_service("ho-tich")
    assert said[-1] == (
        "Quý vị đã chọn Hộ tịch, quầy 1, 2 và 5. Chạm nút lớn In số thứ tự ở cuối màn hình "
        "để nhận phiếu."
    )
    p.confirm()
    assert said[-1] == (
        "Số thứ tự của Quý vị là một nghìn không trăm lẻ một. Quầy 1, 2 và 5. Xin mời Quý "
        "vị nhận phiếu và theo dõi màn hình."
    )
    before = len(said)
    p.changed()  # a redraw (the countdown) reads nothing again
    assert len(said) == before
    p.home()
    assert p.state.voice is False and said[-1] != HOME_VI  # the next citizen starts quiet


def test_priority_groups_and_english(
    presenter: tuple[KioskPresenter, SimPrinter, list[str]],
) -> None:
    p, _, said = presenter
    p.toggle_language()
    p.toggle_voice()
    p.take_priority_number()
    groups = "; ".join(g.name_en or g.name for g in CENTRE.priority_groups)
    assert said[-1] == (
        f"Which priority group do you belong to? The buttons, from the top: {groups}. "
        "Back is at the bottom."
    )
    names = " ".join(g.name for g in CENTRE.priority_groups) + " ".join(TEXTS["vi"].values())
    assert "tàn tật" not in names.lower()  # the law's words: người khuyết tật


def test_large_text_prints_a_large_ticket_and_resets(
    presenter: tuple[KioskPresenter, SimPrinter, list[str]],
) -> None:
    p, printer, _ = presenter
    p.take_number()
    p.choose_service("ho-tich")
    p.confirm()
    normal = printer.printed[-1].stat().st_size
    p.home()
    p.toggle_large()
    p.toggle_contrast()
    assert p.state.large and p.state.contrast
    p.take_number()
    p.choose_service("ho-tich")
    p.confirm()
    assert printer.printed[-1].stat().st_size > normal * 1.3  # the large-print ticket
    p.home()
    assert not p.state.large and not p.state.contrast


def make_kiosk(
    qtbot: Any,
    tmp_path: Path,
    srv: InProcessServer,
    orientation: str = "portrait",
    help_button: SimKeypad | None = None,
) -> Kiosk:
    cfg = KioskConfig(
        server=ServerLink(url=srv.base, token=srv.tokens["kiosk"]),
        kiosk=KioskSection(
            fullscreen=False, orientation=orientation, store_path=str(tmp_path / "k.db")
        ),
        audio=AudioSection(output=f"wav://{tmp_path / 'voice'}?speedup=20"),
    )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    k = build_kiosk(
        cfg,
        app,
        transport=SimPrinter(tmp_path / "p"),
        scanner=SimScanner(),
        api=srv.api("kiosk"),
        help_button=help_button,
    )
    qtbot.addWidget(k.window)
    srv.kiosks.append(k)  # type: ignore[attr-defined]
    return k


@pytest.fixture
def server(tmp_path: Path) -> Iterator[InProcessServer]:
    """The server, and every kiosk built on it closed afterwards, pass or fail (a kiosk
    left open keeps its timers and voice running into the next test)."""
    srv = InProcessServer(f"sqlite:///{tmp_path / 's.db'}", tmp_path).start()
    srv.kiosks = []  # type: ignore[attr-defined]
    try:
        yield srv
    finally:
        for k in srv.kiosks:  # type: ignore[attr-defined]
            k.close()
        srv.stop()


def test_the_voice_speaks_real_wavs(qtbot: Any, server: InProcessServer, tmp_path: Path) -> None:
    k = make_kiosk(qtbot, tmp_path, server)
    k.window.resize(1080, 1920)
    k.window.show()
    button = k.window.findChild(QPushButton, "voice")
    assert button is not None and button.text() == "Đọc to từng bước"
    qtbot.mouseClick(button, _left())
    assert k.window.findChild(QPushButton, "voice").text() == "✓ Đọc to từng bước"  # type: ignore[union-attr]
    voice = k.voice
    assert voice is not None
    qtbot.waitUntil(lambda: voice.said == [HOME_VI], timeout=20_000)
    wavs = sorted((tmp_path / "voice").glob("*.wav"))
    assert len(wavs) == 1 and 8.0 < duration_s(wavs[0].read_bytes()) < 40.0
    k.presenter.take_number()
    k.presenter.choose_service("ho-tich")
    k.presenter.confirm()
    qtbot.waitUntil(lambda: k.presenter.state.screen is Screen.RESULT, timeout=10_000)
    qtbot.waitUntil(lambda: voice.said[-1].startswith("Số thứ tự của Quý vị là"), timeout=60_000)
    # Screens left before their guidance began are skipped: never more WAVs than texts.
    time.sleep(0.2)
    assert len(list((tmp_path / "voice").glob("*.wav"))) == len(voice.said) >= 2


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


@pytest.mark.parametrize(
    ("orientation", "size"), [("portrait", (1080, 1920)), ("landscape", (1920, 1080))]
)
def test_large_text_and_contrast_still_fit(
    qtbot: Any, server: InProcessServer, tmp_path: Path, orientation: str, size: tuple[int, int]
) -> None:
    k = make_kiosk(qtbot, tmp_path, server, orientation)
    p = k.presenter
    k.window.resize(*size)
    k.window.show()
    steps: list[Callable[[], None]] = [
        lambda: None,
        p.take_number,
        lambda: p.choose_service("ho-tich"),
        p.confirm,
        p.home,
        p.take_priority_number,
        lambda: p.choose_priority_group("phu-nu-mang-thai"),
        lambda: p.choose_service("dat-dai"),
        p.home,
        p.open_lookup,
        lambda: p.open_detail("dat-dai", "bien-dong"),
    ]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for step in steps:
        step()
        if not p.state.large:  # home() is a new citizen: turn the modes on again
            p.toggle_large()
            p.toggle_contrast()
        qtbot.waitUntil(lambda: not p.state.busy, timeout=10_000)
        app.processEvents()
        hint = k.window.minimumSizeHint()
        assert hint.height() <= size[1] and hint.width() <= size[0], p.state.screen
        assert (k.window.width(), k.window.height()) == size, p.state.screen
        assert k.window.look.large and k.window.look.contrast
        assert "font-size: 44px" in k.window.styleSheet()  # buttons: 34 px × 1.3


def test_the_help_button_calls_staff_at_every_counter(
    qtbot: Any, server: InProcessServer, tmp_path: Path
) -> None:
    """A citizen presses the hardware button beside the kiosk (a one-key keypad, here the
    simulator): the kiosk says staff are coming, and counter 01's screen shows which
    kiosk asks, until it lapses."""
    from counter_client.app import start_counter
    from queue_client.device_config import CounterConfig, CounterSection

    button = SimKeypad({"H": "help"})
    k = make_kiosk(qtbot, tmp_path, server, help_button=button)
    api = ApiClient(server.transport, "", timeout_s=2)
    api.login(server.staff_username, "mat-khau-123")
    counter = start_counter(
        CounterConfig(server=ServerLink(), counter=CounterSection(counter_id="01")),
        api,
        "01",
        "Trần Thị Bình",
    )
    qtbot.addWidget(counter.window)
    counter.window.show()
    try:
        button.press("H")
        said = "Đã báo nhân viên hỗ trợ. Xin Quý vị chờ trong giây lát, nhân viên sẽ đến ngay."
        qtbot.waitUntil(lambda: k.presenter.state.message == said, timeout=10_000)
        voice = k.voice
        assert voice is not None
        qtbot.waitUntil(lambda: said in voice.said, timeout=20_000)

        def shown() -> str:
            w = counter.window.findChild(QLabel, "help")
            return w.text() if w is not None else ""

        qtbot.waitUntil(lambda: "test kiosk cần hỗ trợ" in shown(), timeout=10_000)
        counter.presenter.clock = lambda: time.time() + 181  # three minutes on: it lapses
        counter.presenter.tick()
        qtbot.waitUntil(lambda: shown() == "", timeout=5_000)
    finally:
        counter.close()
