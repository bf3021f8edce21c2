"""Configuration of each device app (kiosk, display, counter, rating pad).

A device is named by a URL-like string (DESIGN.md): `escpos+usb://0x0416:0x5011`,
`escpos+serial:///dev/ttyUSB0?baudrate=115200`, `escpos+tcp://192.168.1.50:9100`,
`escpos+file:///dev/usb/lp0`, `sim:///var/lib/xephang/printer`, `camera://0`,
`serial:///dev/ttyACM0`, `keyboard:`, `sim:`. The scheme is checked here; the driver
registry in device_drivers turns the URL into a driver.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _scheme_in(url: str, allowed: tuple[str, ...]) -> str:
    scheme = url.split(":", 1)[0]
    if ":" not in url or scheme not in allowed:
        raise ValueError(f"device URL must start with one of {', '.join(s + ':' for s in allowed)}")
    return url


class ServerLink(Section):
    url: str = Field(default="http://127.0.0.1:8000", pattern=r"^https?://")
    token: str = ""
    """The device token from `xephang devices add` (or use token_file)."""
    token_file: str = ""
    timeout_s: float = Field(default=3.0, gt=0, le=60)


PRINTER_SCHEMES = (
    "escpos+usb",
    "escpos+serial",
    "escpos+tcp",
    "escpos+file",
    "escpos+cups",
    "escpos+win32",
    "sim",
)


class PrinterSection(Section):
    url: str = "sim:///data/printer"
    paper_mm: Literal[58, 80] = 80
    profile: str = "default"
    large_print: bool = False
    """Every ticket in large print (about 1.35× text, a larger number); a citizen who
    turns on large text at the kiosk gets one whatever this says."""

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _scheme_in(v, PRINTER_SCHEMES)


class ScannerSection(Section):
    url: str = "sim:"
    decoder: Literal["zxing", "zbar"] = "zxing"

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _scheme_in(v, ("camera", "serial", "keyboard", "sim"))


class KioskSection(Section):
    name: str = "Kiosk"
    code: str = Field(default="K1", pattern=r"^[A-Z][A-Z0-9]{0,2}$")
    """Short and unique per kiosk: offline tickets are numbered K1-001, K1-002, …"""
    split_services: list[str] = []
    """Lĩnh vực where the citizen also picks the procedure (it then prints at once)."""
    language: Literal["vi", "en"] = "vi"
    orientation: Literal["portrait", "landscape"] = "portrait"
    fullscreen: bool = True
    idle_seconds: int = Field(default=45, ge=10, le=600)
    result_seconds: int = Field(default=20, ge=5, le=120)
    staff_pin: str = Field(default="2468", pattern=r"^\d{4,8}$")
    store_path: str = "data/kiosk-store.db"


class AudioSection(Section):
    engine: Literal["espeak-ng", "clips", "none"] = "espeak-ng"
    output: str = "default"
    """'default' plays on the sound card; 'wav:///DIR' writes each announcement as a WAV."""
    numbers: Literal["words", "digits"] = "words"
    clips_dir: str = "data/clips"
    """For engine = "clips": the folder `xephang devices render-clips` fills."""
    repeat: int = Field(default=2, ge=1, le=3)
    chime: bool = True
    max_age_seconds: int = Field(default=60, ge=10, le=600)
    """A call not yet spoken this long after it was made is shown but not said."""


class HelpButtonSection(Section):
    """An optional hardware help button beside the kiosk: pressing it calls staff (shown
    on every counter). It is read as a one-key keypad: `serial:///dev/ttyUSB2` sending
    the key code in `keymap` (default "H"), `sim:`, or `none:`."""

    url: str = "none:"
    keymap: dict[str, str] = {"H": "help"}

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _scheme_in(v, ("serial", "sim", "none"))


class KioskConfig(Section):
    server: ServerLink = ServerLink()
    kiosk: KioskSection = KioskSection()
    printer: PrinterSection = PrinterSection()
    scanner: ScannerSection = ScannerSection()
    audio: AudioSection = AudioSection()
    """The spoken guidance's voice (a citizen turns it on; `engine = "none"`: no voice)."""
    help_button: HelpButtonSection = HelpButtonSection()


class DisplaySection(Section):
    name: str = "Màn hình phòng chờ"
    language: Literal["vi", "en"] = "vi"
    fullscreen: bool = True
    counters: list[str] = []
    """Counter ids this screen shows (a zone); empty shows every counter."""
    highlight_seconds: int = Field(default=6, ge=5, le=60)


class DisplayConfig(Section):
    server: ServerLink = ServerLink()
    display: DisplaySection = DisplaySection()
    audio: AudioSection = AudioSection()


class KeypadSection(Section):
    url: str = "sim:"
    keymap: dict[str, str] = {}

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _scheme_in(v, ("serial", "keyboard", "sim", "none"))


class LedSignSection(Section):
    url: str = "sim:"
    protocol: Literal["modbus", "ascii"] = "modbus"
    first_register: int = Field(default=0, ge=0, le=65535)
    frame: str = "\x02{counter:02d}{number:>4}\x03"

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _scheme_in(v, ("serial", "sim", "none"))


class CounterSection(Section):
    counter_id: str = "01"
    language: Literal["vi", "en"] = "vi"
    username: str = ""
    store_path: str = "data/counter-store.db"
    """Remembers the counter chosen at login."""


class CounterConfig(Section):
    server: ServerLink = ServerLink()
    counter: CounterSection = CounterSection()
    keypad: KeypadSection = KeypadSection()
    led: LedSignSection = LedSignSection()


class RatingPadSection(Section):
    counter_id: str = "01"
    language: Literal["vi", "en"] = "vi"
    fullscreen: bool = True
    timeout_s: int = Field(default=30, ge=5, le=300)
    thanks_s: int = Field(default=5, ge=1, le=60)
    store_path: str = "data/rating-outbox.db"
    reasons: list[str] = [
        "Chờ lâu",
        "Thái độ chưa tốt",
        "Hướng dẫn chưa rõ",
        "Giải quyết chậm",
        "Khác",
    ]


class RatingPadConfig(Section):
    server: ServerLink = ServerLink()
    rating_pad: RatingPadSection = RatingPadSection()


CONFIG_MODELS: dict[str, type[Section]] = {
    "kiosk": KioskConfig,
    "display": DisplayConfig,
    "counter": CounterConfig,
    "rating-pad": RatingPadConfig,
}
