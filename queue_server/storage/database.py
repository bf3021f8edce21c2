"""Engines for SQLite (WAL, one file) and PostgreSQL, and the write transaction.

A write transaction locks the centre's `centre_state` row first (FOR UPDATE on
PostgreSQL; BEGIN IMMEDIATE on SQLite, plus an in-process lock so threads queue instead
of spinning on SQLITE_BUSY). Every mutation of a centre is therefore serialised, which
makes call-next atomic and the event sequence gap-free, across several server processes
on one PostgreSQL database as well.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from . import schema

_WRITE = "xephang_write"


class SchemaTooNew(RuntimeError):
    """The database was written by a newer XepHang; refusing to touch it."""


class Database:
    """One engine, read and write transactions, and the schema kept current."""

    def __init__(self, url: str, *, pool_size: int = 16, checkpoint_s: float = 5.0) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            db_path = self.url.database
            if db_path and db_path != ":memory:":
                Path(db_path).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(
                url, pool_size=pool_size, max_overflow=8, hide_parameters=True
            )
            _configure_sqlite(self.engine)
            self._one_writer = threading.Lock()
            self._gate: AbstractContextManager[Any] | threading.Lock = self._one_writer
            # One thread writes (SQLite takes one writer at a time anyway); the event
            # loop never waits on a lock, reads run beside it from the pool (WAL).
            self.writes: ThreadPoolExecutor | None = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="xephang-sqlite-writer"
            )
            self._checkpoints: Checkpointer | None = Checkpointer(self.engine, checkpoint_s)
        else:
            # As many connections as the thread pool has threads, kept open: an overflow
            # connection is closed after use, and opening one forks a PostgreSQL backend.
            self.engine = create_engine(
                url,
                pool_size=max(pool_size, 40),
                max_overflow=0,
                pool_pre_ping=True,
                hide_parameters=True,  # no citizen data in an error message or a log
            )
            self._gate = nullcontext()
            self.writes = None
            self._checkpoints = None
        self._writer = self.engine.execution_options(**{_WRITE: True})

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction; committed when the block ends without an exception."""
        with self._gate, self._writer.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot (never blocks writers under WAL)."""
        with self.engine.connect() as conn:
            yield conn
            conn.rollback()

    def ping(self) -> bool:
        """The database answers and takes a write (a full disk or a read-only file says
        no here, not at the next citizen's ticket). Raises DatabaseBusy at once when
        another connection holds SQLite's write lock: a health check must not wait."""
        if self.is_sqlite:
            return self._ping_sqlite()
        with self.write() as conn:
            _touch_probe(conn)
        return True

    def _ping_sqlite(self) -> bool:
        gate = self._one_writer
        if not gate.acquire(timeout=PROBE_WAIT_S):
            raise DatabaseBusy("a write of this server holds the database")
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.dbapi_connection  # a pragma outside any transaction
                assert raw is not None
                raw.execute(f"PRAGMA busy_timeout={int(PROBE_WAIT_S * 1000)}")
                try:
                    with conn.execution_options(**{_WRITE: True}).begin():
                        _touch_probe(conn)
                except OperationalError as e:
                    if "locked" in str(e.orig) or "busy" in str(e.orig):
                        raise DatabaseBusy("another connection holds the write lock") from None
                    raise
                finally:
                    raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            gate.release()
        return True

    def ensure_schema(self) -> int:
        """Create the schema on an empty database, upgrade an older one; return the version."""
        with self.write() as conn:
            if not self.is_sqlite:
                conn.execute(text("SELECT pg_advisory_xact_lock(7416001)"))
            if not conn.dialect.has_table(conn, "schema_version"):
                schema.metadata.create_all(conn)
                conn.execute(schema.schema_version.insert().values(version=schema.SCHEMA_VERSION))
                _health_row(conn)
                return schema.SCHEMA_VERSION
            version = conn.execute(select(schema.schema_version.c.version)).scalar_one()
            if version > schema.SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"database schema version {version} is newer than this program "
                    f"({schema.SCHEMA_VERSION}); upgrade XepHang"
                )
            for step in range(version + 1, schema.SCHEMA_VERSION + 1):
                MIGRATIONS[step](conn)
                conn.execute(schema.schema_version.update().values(version=step))
            _health_row(conn)
            return schema.SCHEMA_VERSION

    def dispose(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.stop()
        if self.writes is not None:
            self.writes.shutdown(wait=True)
        self.engine.dispose()


class Checkpointer:
    """SQLite's WAL copied back into the database file by a thread of its own, every
    `every_s`, instead of by whichever commit crosses 1,000 pages: that commit waited
    for the copy and its fsync (tens of milliseconds on a plain disk) while every other
    write queued behind it. PASSIVE never blocks readers or the writer."""

    def __init__(self, engine: Engine, every_s: float = 5.0) -> None:
        self.engine = engine
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="xephang-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                raw = self.engine.raw_connection()  # autocommit: outside any transaction
                try:
                    raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                finally:
                    raw.close()
            except Exception:  # noqa: BLE001 - busy or closing: next time
                continue

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


class DatabaseBusy(Exception):
    """SQLite's write lock is held elsewhere: answer 503 now rather than wait."""


BUSY_TIMEOUT_MS = 3000
"""How long a write waits for SQLite's lock before the request gets 503 + Retry-After
(it used to be 15 s, during which the client, not the loop, waits now)."""
PROBE_WAIT_S = 0.01
"""How long /healthz waits for the write lock before it says "busy"."""


def _touch_probe(conn: Connection) -> None:
    probe = schema.health_probe
    if not conn.execute(probe.update().where(probe.c.id == 1).values(at=time.time())).rowcount:
        conn.execute(probe.insert().values(id=1, at=time.time()))


def _health_row(conn: Connection) -> None:
    """The one row /healthz rewrites to prove a write works."""
    _touch_probe(conn)


def _v2(conn: Connection) -> None:
    """Sessions bound to a counter and revocable; tickets remember who transferred them and
    why they were called; the audit log, the login throttle, the health probe's table."""
    conn.execute(text("ALTER TABLE sessions ADD COLUMN counter_id VARCHAR(16)"))
    conn.execute(text("ALTER TABLE sessions ADD COLUMN revoked_at DOUBLE PRECISION"))
    conn.execute(text("ALTER TABLE tickets ADD COLUMN from_counter_id VARCHAR(16)"))
    conn.execute(text("ALTER TABLE tickets ADD COLUMN call_rule VARCHAR(24)"))
    conn.execute(text("ALTER TABLE tickets ADD COLUMN call_reason TEXT"))
    schema.metadata.create_all(
        conn, tables=[schema.audit, schema.login_throttle, schema.health_probe]
    )


def _v3(conn: Connection) -> None:
    """Browser displays paired by a code shown on the TV."""
    schema.metadata.create_all(conn, tables=[schema.screen_pairings])


MIGRATIONS: dict[int, Any] = {2: _v2, 3: _v3}
"""Schema upgrades by target version: MIGRATIONS[2] = lambda conn: conn.execute(...)."""


def _configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, and BEGIN IMMEDIATE for writes (pysqlite recipe)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # NORMAL survives a killed process (kill -9): only power loss can drop the last commits.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA wal_autocheckpoint=0")  # see Checkpointer
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
