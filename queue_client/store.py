"""The device's local store (sqlite-utils): what it must not lose while the server is away.

- `outbox`: requests to send exactly once (their idempotency key is the primary key).
- `offline_seq`: this kiosk's offline ticket numbers per day.
- `cache`: the last centre catalogue, so the kiosk starts and looks up procedures offline.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import sqlite_utils


class LocalStore:
    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Used from the UI thread and from the sync thread: one connection, one lock.
        self._lock = threading.RLock()
        self.db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.table("outbox").create(
            {
                "key": str,
                "kind": str,
                "body": str,
                "created_at": float,
                "sent_at": float,
                "attempts": int,
                "result": str,
            },
            pk="key",
            if_not_exists=True,
            not_null={"kind", "body", "created_at"},
        )
        self.db.table("offline_seq").create({"day": str, "last": int}, pk="day", if_not_exists=True)
        self.db.table("cache").create(
            {"name": str, "value": str, "saved_at": float}, pk="name", if_not_exists=True
        )

    # -- outbox -------------------------------------------------------------------------
    def enqueue(self, kind: str, body: dict[str, Any]) -> None:
        """Keep a request until the server has it; the body carries its idempotency key."""
        with self._lock:
            self.db.table("outbox").insert(
                {
                    "key": body["idempotency_key"],
                    "kind": kind,
                    "body": json.dumps(body, ensure_ascii=False),
                    "created_at": time.time(),
                    "sent_at": None,
                    "attempts": 0,
                    "result": None,
                },
                ignore=True,
            )

    def pending(self, kind: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            where = "sent_at is null" + (" and kind = ?" if kind else "")
            rows = self.db.table("outbox").rows_where(
                where, [kind] if kind else [], order_by="created_at"
            )
            return [{**r, "body": json.loads(r["body"])} for r in rows]

    def mark_sent(self, key: str, result: str) -> None:
        with self._lock:
            self.db.table("outbox").update(key, {"sent_at": time.time(), "result": result[:500]})

    def note_attempt(self, key: str) -> None:
        with self._lock:
            self.db.execute("update outbox set attempts = attempts + 1 where key = ?", [key])

    # -- offline numbers ------------------------------------------------------------------
    def next_offline_seq(self, day: str) -> int:
        with self._lock:
            with self.db.conn:
                row = self.db.execute(
                    "select last from offline_seq where day = ?", [day]
                ).fetchone()
                seq = (row[0] if row else 0) + 1
                self.db.table("offline_seq").upsert({"day": day, "last": seq}, pk="day")
            return int(seq)

    # -- cache --------------------------------------------------------------------------
    def save(self, name: str, value: Any) -> None:
        with self._lock:
            self.db.table("cache").upsert(
                {
                    "name": name,
                    "value": json.dumps(value, ensure_ascii=False),
                    "saved_at": time.time(),
                },
                pk="name",
            )

    def load(self, name: str) -> Any:
        with self._lock:
            rows = list(self.db.table("cache").rows_where("name = ?", [name]))
            return json.loads(rows[0]["value"]) if rows else None

    def close(self) -> None:
        with self._lock:
            self.db.close()
