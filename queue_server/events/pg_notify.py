"""Cross-process wake-ups, the sending half: after a commit, one thread sends NOTIFY for
the new events on a connection of its own, batched, with `synchronous_commit` off.

Sending NOTIFY inside the write transaction (as before) made every commit take
PostgreSQL's database-wide notification lock and hold it through its WAL flush, so the
commits of all centres went one at a time and the province's call-nexts queued behind
each other's fsync (bench/day.py at 1,000 centres: p99 123 ms). A notification is not
data: one lost in a crash is caught by the broker's poll, so it need not wait for disk.
"""

from __future__ import annotations

import logging
import queue
import threading

from .pg_channel import CHANNEL, connect_args

log = logging.getLogger("xephang.events")
_SEND = "SELECT pg_notify(%s, p) FROM unnest(%s::text[]) AS p"


class PgNotifier:
    def __init__(self, db_url: str) -> None:
        self.connect_args = connect_args(db_url)
        self._queue: queue.SimpleQueue[tuple[str, int] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="xephang-pg-notify", daemon=True)
        self.sent = 0
        """Notifications sent (a test's and a benchmark's figure)."""

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
        import psycopg

        args, kwargs = self.connect_args
        conn: psycopg.Connection[tuple[object, ...]] | None = None
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
                    conn = psycopg.connect(
                        *args, **{**kwargs, "autocommit": True, "connect_timeout": 5}
                    )
                    conn.execute("SET synchronous_commit TO off")
                conn.execute(_SEND, (CHANNEL, payloads))
                self.sent += len(payloads)
            except Exception as e:  # noqa: BLE001 - lost: the other servers' poll covers it
                log.warning("could not send NOTIFY: %s", type(e).__name__)
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
