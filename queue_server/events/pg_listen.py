"""Cross-process wake-ups on PostgreSQL: LISTEN for the NOTIFY sent after every commit
that appended events (`events/pg_notify.py`), so a stream on this server learns of an
event committed by another server process at once, not at the next poll. One thread
and one connection per server process; the broker's slow poll stays as a safety net
for the moments the listener is reconnecting."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from .pg_channel import CHANNEL, connect, connect_args

log = logging.getLogger("xephang.events")


class PgListener:
    def __init__(self, db_url: str, wake: Callable[[str, int], None]) -> None:
        self.connect_args = connect_args(db_url)
        self.wake = wake
        self._stop = threading.Event()
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="xephang-pg-listen", daemon=True)

    def start(self) -> PgListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            try:
                with connect(self.connect_args) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    backoff = 0.5
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self._deliver(note.payload)
            except Exception as e:  # noqa: BLE001 - reconnect; the broker's poll covers the gap
                self.connected.clear()
                log.warning("event listener reconnecting: %s", type(e).__name__)
                self._stop.wait(backoff)
                backoff = min(10.0, backoff * 2)
        self.connected.clear()

    def _deliver(self, payload: str) -> None:
        centre_id, _, seq = payload.rpartition(" ")
        if centre_id and seq.isdigit():
            self.wake(centre_id, int(seq))
