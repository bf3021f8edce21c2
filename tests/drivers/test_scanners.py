"""Scanners: serial over a real pty pair, the simulator (file, socket, faults), a camera
reading a real video file through OpenCV, keyboard-wedge keystrokes in a real Qt app."""

from __future__ import annotations

import logging
import os
import random
import socket
import time
import tty
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import pytest

from device_drivers.scanners.camera import CameraScanner
from device_drivers.scanners.decode import decode_image
from device_drivers.scanners.frames import FrameAssembler
from device_drivers.scanners.keyboard import WedgeAssembler
from device_drivers.scanners.registry import open_scanner
from device_drivers.scanners.serial_scanner import SerialScanner
from device_drivers.scanners.sim import SimScanner
from queue_core.device_errors import BadDeviceUrl, DeviceOffline
from testkit.cards import card_photo, payload, random_payload

CARD = payload()


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    tty.setraw(master)
    name = os.ttyname(slave)
    try:
        yield master, name
    finally:
        os.close(master)
        os.close(slave)


def test_serial_scanner_split_reads_and_endings(pty_pair: tuple[int, str]) -> None:
    master, name = pty_pair
    scanner = SerialScanner(name, baudrate=115200)
    try:
        raw = CARD.encode("utf-8")
        cut = raw.index("ễ".encode()) + 1  # split inside a multi-byte letter
        os.write(master, raw[:cut])
        assert scanner.read(0.2) is None
        os.write(master, raw[cut:] + b"\r")  # CR only
        assert scanner.read(2) == CARD
        os.write(master, raw + b"\r\n" + raw + b"\n")  # CRLF, then LF only
        assert scanner.read(2) == CARD and scanner.read(2) == CARD
        assert scanner.read(0.2) is None  # the LF of the CRLF made no empty payload
    finally:
        scanner.close()


def test_serial_scanner_drops_garbage_and_partial_frames(
    pty_pair: tuple[int, str], caplog: pytest.LogCaptureFixture
) -> None:
    master, name = pty_pair
    scanner = SerialScanner(name, baudrate=9600, pause_s=0.2)
    caplog.set_level(logging.WARNING, "xephang.scanner")
    try:
        os.write(master, b"\xff\xfe\xc3garbage\r")
        os.write(master, CARD.encode()[:40])  # the card is pulled away mid-scan
        assert scanner.read(0.6) is None
        os.write(master, CARD.encode() + b"\r")
        assert scanner.read(2) == CARD
    finally:
        scanner.close()
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "not UTF-8" in messages and "partial" in messages
    assert "001060012345" not in messages  # a log line never carries the content


def test_frame_limit() -> None:
    frames = FrameAssembler(max_frame=100)
    assert frames.feed(b"x" * 500 + b"\r") == []
    assert frames.feed(b"ok\n") == ["ok"]


def test_unplugged_serial_port_is_a_device_error() -> None:
    with pytest.raises(DeviceOffline) as e:
        SerialScanner("/dev/ttyNONEXISTENT")
    assert "máy quét" in e.value.vi


def test_sim_scanner_file_socket_and_faults(tmp_path: Path) -> None:
    f = tmp_path / "scans.txt"
    f.write_text(CARD + "\n\n" + CARD.replace("Ánh", "Bình") + "\n", encoding="utf-8")
    from_file = open_scanner(f"sim://{f}")
    assert from_file.read(0.1) == CARD and "Bình" in (from_file.read(0.1) or "")
    assert from_file.read(0.05) is None

    sim = open_scanner("sim://127.0.0.1:0")
    assert isinstance(sim, SimScanner)
    with socket.create_connection(sim.address) as conn:
        data = CARD.encode()
        conn.sendall(data[:7])
        time.sleep(0.05)
        conn.sendall(data[7:] + b"\r\n")
        assert sim.read(2) == CARD
    sim.feed_garbled(CARD)
    garbled = sim.read(0.1)
    assert garbled is not None and garbled != CARD
    sim.unplug()
    with pytest.raises(DeviceOffline):
        sim.read(0.1)
    sim.plug_in()
    assert sim.read(0.05) is None
    sim.close()
    with pytest.raises(BadDeviceUrl):
        open_scanner("floppy://a")


def test_camera_reads_a_video_of_cards(tmp_path: Path) -> None:
    rng = random.Random(7)
    cards = [random_payload(rng) for _ in range(3)]
    video = tmp_path / "camera.avi"
    out = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"MJPG"), 10, (1280, 720))
    for text in cards:
        frame = card_photo(text, rng, hard=False)
        for _ in range(4):  # the card stays under the camera for a few frames
            out.write(frame)
    out.release()
    scanner = CameraScanner(capture=cv2.VideoCapture(str(video)))
    got: list[str] = []
    try:
        while len(got) < 3:
            seen = scanner.read(5)
            assert seen is not None
            got.append(seen)
        with pytest.raises(DeviceOffline):  # the end of the video is a camera that stopped
            scanner.read(5)
    finally:
        scanner.close()
    assert got == cards  # each card once, byte for byte


def test_photos_decode_with_vietnamese_intact() -> None:
    rng = random.Random(3)
    hits = 0
    for _ in range(20):
        text = random_payload(rng)
        hits += decode_image(card_photo(text, rng)) == [text]
    assert hits >= 17


def test_wedge_assembler_tells_scans_from_people() -> None:
    w = WedgeAssembler()
    t = 100.0
    for ch in CARD:
        assert w.key(ch, t) is None
        t += 0.01
    assert w.key("", t, enter=True) == CARD
    for ch in CARD[:20]:  # same keys but typed at human speed: not a scan
        w.key(ch, t)
        t += 0.3
    assert w.key("", t, enter=True) is None
    for ch in CARD:  # a scanner that sends no Enter: the pause ends it
        w.key(ch, t)
        t += 0.005
    assert w.poll(t + 0.1) is None and w.poll(t + 0.3) == CARD


def test_qt_wedge_filter_counts_each_key_once_and_gives_the_field_back(qtbot) -> None:
    """Keys sent to the window as the platform does: Qt passes each on to the focused
    field and its parents, and the filter must count it once. (tests/apps/
    test_kiosk_x11.py does the same with real X11 key events.)"""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

    from device_drivers.scanners.qt_wedge import WedgeFilter

    window = QWidget()
    field = QLineEdit("khai sinh", window)
    QVBoxLayout(window).addWidget(field)
    qtbot.addWidget(window)
    window.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=3000)
    handle = window.windowHandle()
    wedge = WedgeFilter()
    app = QApplication.instance()
    assert app is not None and handle is not None
    app.installEventFilter(wedge)
    try:
        with qtbot.waitSignal(wedge.scanned, timeout=3000) as sig:
            for ch in CARD:  # Vietnamese text arrives as key events carrying text
                QApplication.sendEvent(
                    handle, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
                )
            QApplication.sendEvent(
                handle,
                QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
            )
        assert sig.args == [CARD]
        assert field.text() == "khai sinh"  # the scan left no trace in the field
    finally:
        app.removeEventFilter(wedge)


@pytest.mark.parametrize(("length", "angle"), [(9, 20), (11, 110), (13, 160)])
def test_a_card_moved_while_held_is_read_after_unsmearing(length: int, angle: float) -> None:
    """Motion blur of 9–13 px (a hand still moving): zxing-cpp alone reads nothing, the
    project's decoder estimates the smear and undoes it within its time budget."""
    import zxingcpp

    from device_drivers.scanners.deblur import smear_angle
    from device_drivers.scanners.decode import decode_zxing, to_gray
    from testkit.cards import motion_kernel

    text = random_payload(random.Random(length * 1000 + angle))
    frame = to_gray(card_photo(text, random.Random(5), hard=False))
    moved = cv2.filter2D(frame, -1, motion_kernel(length, angle))
    assert not any(r.text == text for r in zxingcpp.read_barcodes(moved, try_downscale=True))
    assert decode_zxing(moved, budget_s=1.0) == [text]
    found = smear_angle(moved)
    assert min(abs(found - angle), 180 - abs(found - angle)) < 12  # the smear's direction


def test_the_camera_decodes_the_sharpest_frame_of_a_burst(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst of two frames of the card in motion and one still: only the still one is
    decoded (one decode for three frames, the decoder's time spent where it pays)."""
    from device_drivers.scanners import camera
    from device_drivers.scanners.deblur import sharpness
    from device_drivers.scanners.decode import to_gray
    from testkit.cards import motion_kernel

    text = random_payload(random.Random(21))
    still = card_photo(text, random.Random(4), hard=False)
    smeared = cv2.filter2D(still, -1, motion_kernel(25, 45))
    assert sharpness(to_gray(still)) > sharpness(to_gray(smeared))
    video = tmp_path / "burst.avi"
    out = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"MJPG"), 10, (1280, 720))
    for frame in (smeared, still, smeared):
        out.write(frame)
    out.release()
    decoded: list[float] = []
    real = camera.decode_image

    def counting(frame: Any, decoder: Any = "zxing") -> list[str]:
        decoded.append(sharpness(to_gray(frame)))
        return real(frame, decoder)

    monkeypatch.setattr(camera, "decode_image", counting)
    scanner = CameraScanner(capture=cv2.VideoCapture(str(video)), burst=3)
    try:
        assert scanner.read(5) == text
    finally:
        scanner.close()
    assert len(decoded) == 1 and decoded[0] == pytest.approx(sharpness(to_gray(still)), rel=0.2)
