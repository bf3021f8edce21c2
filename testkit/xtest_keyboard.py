"""Type any text into a real X server with the XTest extension, as a keyboard-wedge
scanner does: one real key press and release per character.

`xdotool type` binds a scratch key code for each character missing from the keymap just
before pressing it; clients get the new mapping late and an upper-case "Á" arrives as
"á" with the next keys lost. Here every character is bound up front, with its lower and
upper case on one key code, before the first key goes out.
"""

from __future__ import annotations

import ctypes
import time

SHIFT_L = 0xFFE1
ENTER = 0xFF0D


def keysym_of(ch: str) -> int:
    """X11 keysym of a character: Latin-1 is its code point, the rest 0x01000000 + it."""
    if ch == "\n":
        return ENTER
    code = ord(ch)
    return code if 0x20 <= code <= 0xFF else 0x01000000 | code


class XTestKeyboard:
    def __init__(self, display: str) -> None:
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self.x11.XGetKeyboardMapping.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ubyte,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int),
        ]
        self.x11.XGetKeyboardMapping.restype = ctypes.POINTER(ctypes.c_ulong)
        self.x11.XChangeKeyboardMapping.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.c_int,
        ]
        self.x11.XDisplayKeycodes.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XFree.argtypes = [ctypes.c_void_p]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.dpy = self.x11.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError(f"cannot open X display {display}")
        self.keys: dict[str, tuple[int, bool]] = {}

    def _mapping(self) -> tuple[int, int, list[list[int]]]:
        lo, hi = ctypes.c_int(), ctypes.c_int()
        self.x11.XDisplayKeycodes(self.dpy, ctypes.byref(lo), ctypes.byref(hi))
        per = ctypes.c_int()
        count = hi.value - lo.value + 1
        syms = self.x11.XGetKeyboardMapping(self.dpy, lo.value, count, ctypes.byref(per))
        rows = [[syms[i * per.value + j] for j in range(per.value)] for i in range(count)]
        self.x11.XFree(syms)
        return lo.value, per.value, rows

    def prepare(self, text: str) -> None:
        """Find or bind a key code (and whether Shift is needed) for every character."""
        lo, _, rows = self._mapping()
        free = [lo + i for i, row in enumerate(rows) if not any(row)]
        for ch in dict.fromkeys(text):
            if ch in self.keys:
                continue
            sym = keysym_of(ch)
            found = next((i for i, row in enumerate(rows) if sym in row[:2]), None)
            if found is not None:
                self.keys[ch] = (lo + found, rows[found].index(sym) == 1)
                continue
            if not free:
                raise RuntimeError("no free key codes left to bind")
            code = free.pop(0)
            lower, upper = keysym_of(ch.lower()), keysym_of(ch.upper())
            pair = (ctypes.c_ulong * 2)(lower, upper)
            self.x11.XChangeKeyboardMapping(self.dpy, code, 2, pair, 1)
            rows[code - lo] = [lower, upper]
            self.keys[ch] = (code, sym == upper and upper != lower)
        self.x11.XSync(self.dpy, 0)
        time.sleep(0.5)  # let every client read the new mapping before the first key

    def type(self, text: str, delay_ms: float = 5) -> None:
        self.prepare(text)
        shift = self.x11.XKeysymToKeycode(self.dpy, SHIFT_L)
        for ch in text:
            code, shifted = self.keys[ch]
            if shifted:
                self.xtst.XTestFakeKeyEvent(self.dpy, shift, 1, 0)
            self.xtst.XTestFakeKeyEvent(self.dpy, code, 1, 0)
            self.xtst.XTestFakeKeyEvent(self.dpy, code, 0, 0)
            if shifted:
                self.xtst.XTestFakeKeyEvent(self.dpy, shift, 0, 0)
            self.x11.XFlush(self.dpy)
            time.sleep(delay_ms / 1000)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.dpy)
