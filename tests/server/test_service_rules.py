"""Rules that need the clock to move: daily numbering at local midnight, citizen data
purged on schedule, past days' open tickets closed; and the stored schema version.
Runs the real use cases on a real SQLite file with an injected clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, select

from queue_core.contract import CallNextIn, CitizenIn, IssueIn, OfflineIn
from queue_core.errors import Invalid
from queue_server.auth import Principal, Role
from queue_server.board.snapshot import snapshot
from queue_server.centres import CentreDirectory
from queue_server.context import ServerContext
from queue_server.counters.calls import call_next
from queue_server.ops.housekeeping import housekeeping
from queue_server.provision import open_database
from queue_server.storage import schema
from queue_server.storage.database import Database, SchemaTooNew
from queue_server.tickets.issue import issue
from queue_server.tickets.reads import find_by_number, ticket
from testkit.keys import key
from testkit.servers import CENTRE


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def hanoi(y: int, mo: int, d: int, h: int, mi: int = 0) -> float:
    """Epoch seconds of a wall-clock time in Hà Nội (UTC+7, no DST)."""
    return datetime(y, mo, d, h, mi, tzinfo=UTC).timestamp() - 7 * 3600


@pytest.fixture
def setup(tmp_path: Path) -> tuple[ServerContext, Clock, Principal, Database]:
    db = open_database(f"sqlite:///{tmp_path / 'rules.db'}", [CENTRE])
    clock = Clock(hanoi(2025, 5, 27, 16, 30))
    ctx = ServerContext(db, CentreDirectory([CENTRE]), clock=clock)
    return ctx, clock, Principal(centre_id=CENTRE.centre.id, role=Role.ADMIN, name="t"), db


def test_numbers_restart_at_local_midnight(
    setup: tuple[ServerContext, Clock, Principal, Database],
) -> None:
    ctx, clock, p, _ = setup
    numbers = [
        issue(ctx, p, IssueIn(service_id="ho-tich", idempotency_key=key())).number for _ in range(3)
    ]
    assert numbers == ["1001", "1002", "1003"]
    clock.t = hanoi(2025, 5, 27, 23, 59)
    assert issue(ctx, p, IssueIn(service_id="ho-tich", idempotency_key=key())).number == "1004"
    clock.t = hanoi(2025, 5, 28, 0, 0)
    fresh = issue(ctx, p, IssueIn(service_id="ho-tich", idempotency_key=key()))
    assert fresh.number == "1001"
    # Yesterday's waiting tickets are not called today, and housekeeping closes them.
    called = call_next(ctx, p, "01", CallNextIn(idempotency_key=key()))
    assert called is not None and called.id == fresh.id
    assert housekeeping(ctx)["closed"] == 4
    assert snapshot(ctx, p.centre_id).waiting[0].count == 0


def test_citizen_data_purged_at_end_of_day(
    setup: tuple[ServerContext, Clock, Principal, Database],
) -> None:
    ctx, clock, p, db = setup
    citizen = CitizenIn(name="Hoàng Văn Em", id_number="001085012345", birth_year=1960)
    t = issue(ctx, p, IssueIn(service_id="ho-tich", citizen=citizen, idempotency_key=key()))
    assert t.id is not None
    seen = ticket(ctx, p, t.id).citizen
    assert seen is not None and seen.id_masked == "0010******45"
    with db.read() as conn:
        stored = conn.execute(select(schema.tickets)).mappings().one()
        events = conn.execute(select(schema.events.c.payload)).scalars().all()
    assert "001085012345" not in str(dict(stored)) and "Hoàng Văn Em" not in str(events)
    clock.t = hanoi(2025, 5, 27, 23, 59)
    assert housekeeping(ctx)["purged"] == 0
    clock.t = hanoi(2025, 5, 28, 0, 0)
    assert housekeeping(ctx)["purged"] == 1
    assert ticket(ctx, p, t.id).citizen is None


def test_schema_version_is_stored_and_guarded(
    setup: tuple[ServerContext, Clock, Principal, Database],
) -> None:
    _, _, _, db = setup
    with db.read() as conn:
        assert (
            conn.execute(select(schema.schema_version.c.version)).scalar_one()
            == schema.SCHEMA_VERSION
        )
    assert db.ensure_schema() == schema.SCHEMA_VERSION
    with db.write() as conn:
        conn.execute(schema.schema_version.update().values(version=schema.SCHEMA_VERSION + 1))
    with pytest.raises(SchemaTooNew):
        db.ensure_schema()


def test_older_schema_is_upgraded_in_order(
    setup: tuple[ServerContext, Clock, Principal, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from queue_server.storage import database

    _, _, _, db = setup
    applied: list[int] = []

    def step(version: int) -> Callable[[Connection], None]:
        def run(conn: Connection) -> None:
            conn.execute(text(f"CREATE TABLE upgrade_probe_{version} (x INTEGER)"))
            applied.append(version)

        return run

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 2)
    monkeypatch.setitem(
        database.MIGRATIONS, schema.SCHEMA_VERSION - 1, step(schema.SCHEMA_VERSION - 1)
    )
    monkeypatch.setitem(database.MIGRATIONS, schema.SCHEMA_VERSION, step(schema.SCHEMA_VERSION))
    assert db.ensure_schema() == schema.SCHEMA_VERSION
    assert applied == [schema.SCHEMA_VERSION - 1, schema.SCHEMA_VERSION]
    with db.read() as conn:
        assert (
            conn.execute(select(schema.schema_version.c.version)).scalar_one()
            == schema.SCHEMA_VERSION
        )
    assert db.ensure_schema() == schema.SCHEMA_VERSION and len(applied) == 2


def test_snapshot_follows_every_change_and_the_day(
    setup: tuple[ServerContext, Clock, Principal, Database],
) -> None:
    """Snapshots are reused while nothing changed; a change or a new day gives a new one."""
    ctx, clock, p, _ = setup
    first = snapshot(ctx, p.centre_id)
    assert snapshot(ctx, p.centre_id) == first
    issue(ctx, p, IssueIn(service_id="ho-tich", idempotency_key=key()))
    after = snapshot(ctx, p.centre_id)
    assert after.last_seq > first.last_seq and after.waiting[0].count == 1
    called = call_next(ctx, p, "01", CallNextIn(idempotency_key=key()))
    served = snapshot(ctx, p.centre_id)
    assert called is not None and served.waiting[0].count == 0
    at_01 = served.counter("01")
    assert at_01 is not None and at_01.current is not None and at_01.current.id == called.id
    issue(ctx, p, IssueIn(service_id="ho-tich", idempotency_key=key()))
    assert snapshot(ctx, p.centre_id).waiting[0].count == 1
    clock.t = hanoi(2025, 5, 28, 0, 0)  # no event at midnight, yet yesterday's queue is gone
    tomorrow = snapshot(ctx, p.centre_id)
    assert tomorrow.service_day == "2025-05-28" and tomorrow.waiting[0].count == 0


def test_offline_paper_wins_when_the_online_answer_was_lost(
    setup: tuple[ServerContext, Clock, Principal, Database],
) -> None:
    """The server issued 1001 but the kiosk never heard back, went offline and printed
    K1-001 under the same key. On sync that one ticket takes the number on the paper."""
    ctx, clock, p, db = setup
    k = key()
    lost = issue(ctx, p, IssueIn(service_id="ho-tich", idempotency_key=k))
    offline = OfflineIn(kiosk_code="K1", seq_no=1, issued_at=datetime.fromtimestamp(clock.t, UTC))
    synced = IssueIn(service_id="ho-tich", idempotency_key=k, offline=offline)
    got = issue(ctx, p, synced)
    assert got.id == lost.id and got.number == "K1-001"
    assert got.issued_offline and issue(ctx, p, synced).number == "K1-001"  # resent
    assert [t.id for t in find_by_number(ctx, p, "K1-001")] == [lost.id]
    assert find_by_number(ctx, p, "1001") == []
    with db.read() as conn:
        assert len(conn.execute(select(schema.tickets)).all()) == 1
        kinds = conn.execute(select(schema.events.c.type)).scalars().all()
    assert kinds == ["ticket.issued", "ticket.renumbered"]
    # The same key for another lĩnh vực is still someone else's request.
    other = IssueIn(service_id="dat-dai", idempotency_key=k, offline=offline)
    with pytest.raises(Invalid):
        issue(ctx, p, other)


def test_a_version_1_database_is_upgraded_to_the_newest(tmp_path: Path) -> None:
    """Sessions gain their counter and revocation, tickets who transferred them and why
    they were called, and the audit log, the login throttle, the health probe's and
    the TV pairings' tables appear; what was there stays."""
    from sqlalchemy import inspect, text

    url = f"sqlite:///{tmp_path / 'v1.db'}"
    db = open_database(url, [CENTRE])
    with db.write() as conn:  # back to the version 1 layout
        for table in ("audit", "login_throttle", "health_probe", "screen_pairings"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("ALTER TABLE sessions DROP COLUMN counter_id"))
        conn.execute(text("ALTER TABLE sessions DROP COLUMN revoked_at"))
        for column in ("from_counter_id", "call_rule", "call_reason"):
            conn.execute(text(f"ALTER TABLE tickets DROP COLUMN {column}"))
        conn.execute(schema.schema_version.update().values(version=1))
        conn.execute(
            schema.devices.insert().values(
                id="d1",
                centre_id="hoang-mai",
                kind="kiosk",
                name="cũ",
                token_hash="h",
                created_at=0,
            )
        )
    db.dispose()
    db = Database(url)
    assert db.ensure_schema() == 3 == schema.SCHEMA_VERSION
    names = inspect(db.engine).get_table_names()
    assert {"audit", "login_throttle", "health_probe", "screen_pairings"} <= set(names)
    columns = {c["name"] for c in inspect(db.engine).get_columns("sessions")}
    assert {"counter_id", "revoked_at"} <= columns
    columns = {c["name"] for c in inspect(db.engine).get_columns("tickets")}
    assert {"from_counter_id", "call_rule", "call_reason"} <= columns
    with db.read() as conn:
        assert conn.execute(select(schema.devices.c.name)).scalars().all() == ["cũ"]
    assert db.ping()
    db.dispose()
