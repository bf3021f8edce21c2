"""Shared fixtures: Qt offscreen, a real PostgreSQL server, and the real server — in this
process by default (`server`), in a thread on a socket (`thread_server`), or in a child
process (`server_process`) where a test kills or restarts it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from testkit.keys import key
from testkit.postgres import PostgresServer
from testkit.servers import InProcessServer, ServerProcess, ThreadServer

__all__ = ["key"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    pg = PostgresServer()
    pg.start()
    try:
        yield pg
    finally:
        pg.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'xephang.db'}"
    pg: PostgresServer = request.getfixturevalue("postgres")
    return pg.new_database()


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[InProcessServer]:
    srv = InProcessServer(db_url, tmp_path).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def thread_server(db_url: str, tmp_path: Path) -> Iterator[ThreadServer]:
    srv = ThreadServer(db_url, tmp_path).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def server_process(db_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess(db_url, tmp_path).start()
    try:
        yield srv
    finally:
        srv.stop()
