"""On PostgreSQL a call-next's writes wait and go together (`storage.batched`): inside
the centre's lock the program sends its reads one by one and its seven writes in three
pipelines, not one round trip per statement. The statements SQLAlchemy sends are
counted; the held writes go through psycopg's pipeline instead."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from queue_server.storage.batched import Batched
from testkit.servers import TestServer
from tests.server.test_api import call, issue


@pytest.fixture
def sent() -> Iterator[list[str]]:
    log: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        log.append(statement.split(maxsplit=1)[0].upper())

    event.listen(Engine, "before_cursor_execute", count)
    yield log
    event.remove(Engine, "before_cursor_execute", count)


@pytest.fixture
def flushes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    real = Batched._send_held

    def send(self: Batched, raw: Any) -> None:
        counted.append(len(self._held))
        real(self, raw)

    monkeypatch.setattr(Batched, "_send_held", send)
    return counted


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_call_next_sends_its_writes_in_three_pipelines(
    server: TestServer, sent: list[str], flushes: list[int]
) -> None:
    for _ in range(3):
        issue(server)
    assert call(server).status_code == 200
    sent.clear()
    flushes.clear()
    assert call(server).status_code == 200  # ends the first citizen, calls the second
    assert set(sent) == {"SELECT"}, sent  # every write went in a pipeline
    assert len(sent) <= 7  # token, lock, idempotency key, counter, its citizen, queue, lines
    assert flushes == [1, 4, 2]  # ends the last; calls, counter, audit, key; events, seq
