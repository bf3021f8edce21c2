"""Writes that wait and go together: inside a centre's transaction on PostgreSQL, each
INSERT/UPDATE/DELETE is held until the transaction next reads (or ends), and then all of
them are sent in one round trip (psycopg's pipeline mode). Call-next writes seven times;
held and sent together that is three round trips inside the centre's lock, not seven.
(The read itself cannot join that pipeline: SQLAlchemy asks for a result's columns
before psycopg has them in pipeline mode.)

Nothing changes for the code that writes: it calls `execute` as on a Connection and
reads its own writes (a read sends the held writes first, in order). On SQLite there is
no network between the program and the database, and `Batched` is not used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Connection, Delete, Insert, Update
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.elements import ClauseElement

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None


class _Held:
    """What `execute` returns for a held write: its row count is not known yet."""

    @property
    def rowcount(self) -> int:
        raise RuntimeError("a held write's row count is read only after flush()")


class Batched:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect
        self._held: list[tuple[Executable, Params]] = []
        self._immediate = 0

    def execute(self, stmt: Executable, params: Params = None) -> Any:
        if not self._immediate and _deferrable(stmt):
            self._held.append((stmt, params))
            return _Held()
        self.flush()  # a read sees the writes before it
        return self.conn.execute(stmt, params)

    def flush(self) -> None:
        """Send what is held (before the commit, or before handing the connection on)."""
        if not self._held:
            return
        raw = self._raw()
        with raw.pipeline():
            self._send_held(raw)

    @contextmanager
    def begin_nested(self) -> Iterator[Any]:
        """A savepoint's writes go at once: the code around it catches their errors
        (a number already taken) where it wrote them."""
        self.flush()
        self._immediate += 1
        try:
            with self.conn.begin_nested() as nested:
                yield nested
        finally:
            self._immediate -= 1

    def __getattr__(self, name: str) -> Any:
        """Anything else a storage function asks of its connection: held writes first."""
        self.flush()
        return getattr(self.conn, name)

    def _raw(self) -> Any:
        return self.conn.connection.dbapi_connection

    def _send_held(self, raw: Any) -> None:
        cur = raw.cursor()
        for stmt, params in self._held:
            many = isinstance(params, Sequence) and not isinstance(params, Mapping)
            first = cast(Sequence[Mapping[str, Any]], params)[0] if many else params
            keys = list(first or {}) if isinstance(stmt, Insert) else None
            compiled = cast(ClauseElement, stmt).compile(dialect=self.dialect, column_keys=keys)
            if many:
                rows = cast(Sequence[Mapping[str, Any]], params)
                cur.executemany(compiled.string, [compiled.construct_params(r) for r in rows])
            else:
                cur.execute(
                    compiled.string, compiled.construct_params(cast(Mapping[str, Any], first))
                )
        self._held.clear()


def _deferrable(stmt: Executable) -> bool:
    """A write whose answer nobody reads (a RETURNING write is a read)."""
    return isinstance(stmt, Insert | Update | Delete) and not stmt._returning
