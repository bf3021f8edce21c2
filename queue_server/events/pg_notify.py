"""Cross-process wake-ups, the sending half: after a commit, one thread sends NOTIFY for
the new events on a connection of its own, batched, with `synchronous_commit` off.

A NOTIFY inside the write transaction (as before) takes PostgreSQL's database-wide
notification lock at commit and holds it through the WAL flush, so every centre's
commits that notify go one at a time. Out here they do not; at 1,000 centres on this
machine bench/day.py showed no difference either way (its tail lies elsewhere, see the
README), so this is headroom, not a measured gain. A notification is not data: one lost
in a crash is caught by the broker's poll, so it need not wait for the disk.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any

from .pg_channel import CHANNEL, connect, connect_args

log = logging.getLogger("xephang.events")
_SEND = "SELECT pg_notify(%s, p) FROM unnest(%s::text[]) AS p"


class PgNotifier:
    def __init__(self, db_url: str) -> None:
        self.connect_args = connect_args(db_url)
        self._queue: queue.SimpleQueue[tuple[str, int] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="xephang-pg-notify", daemon=True)

    def start(self) -> PgNotifier:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=3)

    def send(self, centre_id: str, seq: int) -> None:
        """Thread-safe, never blocks: called after each commit that appended events."""
        self._queue.put((centre_id, seq))

    def _run(self) -> None:
        conn: Any = None
        while True:
            item = self._queue.get()
            if item is None:
                break
            newest = {item[0]: item[1]}
            while not self._queue.empty():  # everything that came meanwhile, once each
                more = self._queue.get()
                if more is None:
                    self._queue.put(None)
                    break
                newest[more[0]] = max(more[1], newest.get(more[0], 0))
            payloads = [f"{centre} {seq}" for centre, seq in newest.items()]
            try:
                if conn is None or conn.closed:
                    conn = connect(self.connect_args)
                    conn.execute("SET synchronous_commit TO off")
                conn.execute(_SEND, (CHANNEL, payloads))
            except Exception as e:  # noqa: BLE001 - lost: the other servers' poll covers it
                log.warning("could not send NOTIFY: %s", type(e).__name__)
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
