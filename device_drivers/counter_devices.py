"""Counter hardware: call keypads and the LED sign above the counter.

Keypads send key codes (one byte or a line per key) that a key map turns into commands.
LED signs come in two kinds: Modbus RTU signs whose holding registers hold the text
(two ASCII characters per register), and signs that take an ASCII frame from a template.
Every kind has a simulator, and serial ones are tested over pty pairs byte for byte.
"""

from __future__ import annotations

import collections
import threading
import time

import serial

from queue_core.device_errors import BadDeviceUrl, DeviceOffline

from .serial_port import open_serial
from .urls import parse_device_url

COMMANDS = ("call-next", "recall", "no-show", "start", "finish", "transfer", "pause", "resume")


# ---------------------------------------------------------------- keypads
class SerialKeypad:
    """`serial:///dev/ttyUSB1?baudrate=9600`: each byte (or CR/LF-ended line) is a key code."""

    def __init__(self, port: str, keymap: dict[str, str], baudrate: int = 9600) -> None:
        self.keymap = keymap
        self._buf = bytearray()
        self._port = open_serial(port, baudrate, 0.05, "bàn phím gọi số", "keypad")

    def read(self, timeout_s: float) -> str | None:
        """The next command, or None; unknown keys are ignored."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                chunk = self._port.read(max(1, self._port.in_waiting))
            except (serial.SerialException, OSError) as e:
                raise DeviceOffline(
                    "Bàn phím gọi số bị ngắt", f"keypad disconnected: {e}"
                ) from None
            for byte in chunk:
                if byte in (0x0A, 0x0D):
                    code, self._buf = self._buf.decode("ascii", "ignore"), bytearray()
                else:
                    self._buf.append(byte)
                    code = self._buf.decode("ascii", "ignore")
                    if code not in self.keymap:
                        continue
                    self._buf = bytearray()
                if code in self.keymap:
                    return self.keymap[code]
        return None

    def close(self) -> None:
        self._port.close()


class SimKeypad:
    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        self.keymap = keymap or {}
        self._keys: collections.deque[str] = collections.deque()
        self._cond = threading.Condition()

    def press(self, key: str) -> None:
        with self._cond:
            self._keys.append(self.keymap.get(key, key))
            self._cond.notify_all()

    def read(self, timeout_s: float) -> str | None:
        with self._cond:
            if not self._keys:
                self._cond.wait(timeout_s)
            return self._keys.popleft() if self._keys else None

    def close(self) -> None:
        """Nothing to release."""


# ---------------------------------------------------------------- LED signs
def crc16_modbus(data: bytes) -> bytes:
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc.to_bytes(2, "little")


def modbus_write_registers(address: int, first: int, text: str, registers: int) -> bytes:
    """Function 16: `text`, padded to 2 × registers ASCII characters, into the registers."""
    payload = text[: registers * 2].rjust(registers * 2).encode("ascii", "replace")
    body = bytes([address, 0x10]) + first.to_bytes(2, "big") + registers.to_bytes(2, "big")
    body += bytes([len(payload)]) + payload
    return body + crc16_modbus(body)


class ModbusSign:
    """`serial:///dev/ttyUSB0?baudrate=9600&address=1` with protocol = "modbus"."""

    def __init__(
        self,
        port: str,
        *,
        address: int = 1,
        first_register: int = 0,
        registers: int = 4,
        baudrate: int = 9600,
    ) -> None:
        self.address, self.first, self.registers = address, first_register, registers
        self._port = open_serial(port, baudrate, 0.5, "bảng LED", "LED sign")

    def show(self, text: str) -> None:
        frame = modbus_write_registers(self.address, self.first, text, self.registers)
        self._port.reset_input_buffer()
        self._port.write(frame)
        answer = self._port.read(8)  # address, 0x10, first, quantity, CRC
        if len(answer) < 8 or answer[:6] != frame[:6] or crc16_modbus(answer[:6]) != answer[6:8]:
            raise DeviceOffline("Bảng LED không trả lời", "the LED sign did not acknowledge")

    def close(self) -> None:
        self._port.close()


class AsciiSign:
    """Signs that take a framed ASCII string, e.g. STX counter number ETX."""

    def __init__(self, port: str, frame: str, counter: int, baudrate: int = 9600) -> None:
        self.frame, self.counter = frame, counter
        self._port = open_serial(port, baudrate, 0.5, "bảng LED", "LED sign")

    def show(self, text: str) -> None:
        self._port.write(
            self.frame.format(counter=self.counter, number=text).encode("ascii", "replace")
        )

    def close(self) -> None:
        self._port.close()


class SimSign:
    def __init__(self) -> None:
        self.shown: list[str] = []

    def show(self, text: str) -> None:
        self.shown.append(text)

    def close(self) -> None:
        """Nothing to release."""


Keypad = SerialKeypad | SimKeypad


def open_keypad(url: str, keymap: dict[str, str]) -> Keypad | None:
    u = parse_device_url(url)
    if u.scheme == "none":
        return None
    if u.scheme == "sim":
        return SimKeypad(keymap)
    if u.scheme == "serial":
        return SerialKeypad(u.path, keymap, u.int_option("baudrate", 9600))
    raise BadDeviceUrl(
        f"Không có trình điều khiển bàn phím {u.scheme}:", f"no keypad driver for {u.scheme}:"
    )


def open_sign(
    url: str,
    protocol: str,
    *,
    counter: int,
    first_register: int = 0,
    frame: str = "\x02{counter:02d}{number:>4}\x03",
) -> ModbusSign | AsciiSign | SimSign | None:
    u = parse_device_url(url)
    if u.scheme == "none":
        return None
    if u.scheme == "sim":
        return SimSign()
    if u.scheme != "serial":
        raise BadDeviceUrl(
            f"Không có trình điều khiển bảng LED {u.scheme}:", f"no LED sign driver for {u.scheme}:"
        )
    baud = u.int_option("baudrate", 9600)
    if protocol == "modbus":
        return ModbusSign(
            u.path,
            address=u.int_option("address", 1),
            first_register=first_register,
            registers=u.int_option("registers", 4),
            baudrate=baud,
        )
    return AsciiSign(u.path, frame, counter, baud)
