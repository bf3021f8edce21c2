"""The simulated printer: keeps the exact bytes and a PNG preview of every ticket, and
can be told to be out of paper, low on paper, open, unplugged or in error.

It answers status the way a real printer does (DLE EOT bytes, decoded by the same code),
so the kiosk's status handling is exercised for real.
"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

from queue_core.device_errors import DeviceState, error_for_state

from .escpos_reader import parse, render
from .status import DLE_EOT, encode, query_state


class SimPrinter:
    def __init__(
        self, folder: str | Path, dots: int = 576, state: DeviceState = DeviceState.READY
    ) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.dots = dots
        self.state = state
        self.fail_next_write = False
        """Fault injection: the next ticket runs out of paper half-way."""
        self._lock = threading.Lock()
        existing = len(list(self.folder.glob("ticket-*.bin")))
        self._numbers = itertools.count(existing + 1)
        self.printed: list[Path] = []

    # -- fault injection -----------------------------------------------------------
    def set_state(self, state: DeviceState) -> None:
        self.state = state

    # -- PrinterTransport ------------------------------------------------------------
    def status(self) -> DeviceState:
        return query_state(self._ask)

    def _ask(self, request: bytes) -> int | None:
        if self.state is DeviceState.OFFLINE or not request.startswith(DLE_EOT):
            return None
        return encode(self.state)[request[2]]

    def write(self, data: bytes) -> None:
        with self._lock:
            if not self.state.can_print:
                raise error_for_state(self.state)
            if self.fail_next_write:
                self.fail_next_write = False
                self.state = DeviceState.PAPER_OUT
                raise error_for_state(self.state)
            n = next(self._numbers)
            path = self.folder / f"ticket-{n:05d}.bin"
            path.write_bytes(data)
            render(parse(data), self.dots).save(path.with_suffix(".png"))
            self.printed.append(path)

    def close(self) -> None:
        """Nothing to release."""
