"""Call keypads and LED signs over real serial ports (pty pairs), byte for byte."""

from __future__ import annotations

import os
import threading
import tty
from collections.abc import Iterator

import pytest

from device_drivers.counter_devices import (
    AsciiSign,
    ModbusSign,
    SerialKeypad,
    SimKeypad,
    crc16_modbus,
    modbus_write_registers,
    open_keypad,
    open_sign,
)
from queue_core.device_errors import BadDeviceUrl, DeviceOffline

KEYMAP = {
    "1": "call-next",
    "2": "recall",
    "3": "no-show",
    "4": "start",
    "5": "finish",
    "F8": "pause",
}


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    tty.setraw(master)
    try:
        yield master, os.ttyname(slave)
    finally:
        os.close(master)
        os.close(slave)


def test_crc_matches_the_modbus_reference() -> None:
    assert crc16_modbus(bytes.fromhex("01030000000A")) == bytes.fromhex("C5CD")


def test_modbus_frame_bytes() -> None:
    frame = modbus_write_registers(address=1, first=0, text="1023", registers=2)
    assert frame[:-2] == bytes.fromhex("01 10 0000 0002 04") + b"1023"
    assert frame[-2:] == crc16_modbus(frame[:-2])


def test_keypad_over_pty(pty_pair: tuple[int, str]) -> None:
    master, name = pty_pair
    pad = SerialKeypad(name, KEYMAP)
    try:
        os.write(master, b"1")
        assert pad.read(1) == "call-next"
        os.write(master, b"9\r5")  # an unknown key, then finish
        assert pad.read(1) == "finish"
        os.write(master, b"F8\r\n")
        assert pad.read(1) == "pause"
        assert pad.read(0.2) is None
    finally:
        pad.close()


def test_modbus_sign_over_pty(pty_pair: tuple[int, str]) -> None:
    master, name = pty_pair
    got = bytearray()

    def device() -> None:  # a sign at address 5 that acknowledges like a real one
        while len(got) < 17:
            got.extend(os.read(master, 64))
        ack = bytes(got[:6])
        os.write(master, ack + crc16_modbus(ack))

    t = threading.Thread(target=device, daemon=True)
    t.start()
    sign = ModbusSign(name, address=5, first_register=0x10, registers=4)
    sign.show("1023")
    t.join(2)
    expected = bytes([5, 0x10, 0x00, 0x10, 0x00, 0x04, 8]) + b"    1023"
    assert bytes(got) == expected + crc16_modbus(expected)
    with pytest.raises(DeviceOffline):
        sign.show("1024")  # nobody answers now
    sign.close()


def test_ascii_sign_over_pty(pty_pair: tuple[int, str]) -> None:
    master, name = pty_pair
    sign = AsciiSign(name, "\x02{counter:02d}{number:>4}\x03", counter=5)
    sign.show("1023")
    assert os.read(master, 64) == b"\x0205" + b"1023" + b"\x03"
    sign.close()


def test_sim_devices_and_urls() -> None:
    pad = open_keypad("sim:", KEYMAP)
    assert isinstance(pad, SimKeypad)
    pad.press("2")
    assert pad.read(0.1) == "recall"
    sign = open_sign("sim:", "modbus", counter=1)
    assert sign is not None
    sign.show("1001")
    assert sign.shown == ["1001"]  # type: ignore[union-attr]
    assert open_keypad("none:", KEYMAP) is None
    with pytest.raises(BadDeviceUrl):
        open_sign("usb://x", "modbus", counter=1)
    with pytest.raises(DeviceOffline):
        open_keypad("serial:///dev/ttyNOPE", KEYMAP)
