"""Rules that need the clock to move: daily numbering at local midnight, citizen data
purged on schedule, past days' open tickets closed; and the stored schema version.
Runs the real QueueService on a real SQLite file with an injected clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, select

from queue_core.errors import Invalid
from queue_server.api_models import CallNextIn, CitizenIn, IssueIn, OfflineIn
from queue_server.auth import Principal, Role
from queue_server.queue_service import QueueService
from queue_server.storage import schema
from queue_server.storage.database import Database, SchemaTooNew
from tests.conftest import key
from tests.support.servers import CENTRE


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def hanoi(y: int, mo: int, d: int, h: int, mi: int = 0) -> float:
    """Epoch seconds of a wall-clock time in Hà Nội (UTC+7, no DST)."""
    return datetime(y, mo, d, h, mi, tzinfo=UTC).timestamp() - 7 * 3600


@pytest.fixture
def setup(tmp_path: Path) -> tuple[QueueService, Clock, Principal, Database]:
    db = Database(f"sqlite:///{tmp_path / 'rules.db'}")
    db.ensure_schema()
    clock = Clock(hanoi(2025, 5, 27, 16, 30))
    svc = QueueService(db, {CENTRE.centre.id: CENTRE}, clock=clock)
    return svc, clock, Principal(centre_id=CENTRE.centre.id, role=Role.ADMIN, name="t"), db


def test_numbers_restart_at_local_midnight(
    setup: tuple[QueueService, Clock, Principal, Database],
) -> None:
    svc, clock, p, _ = setup
    numbers = [
        svc.issue(p, IssueIn(service_id="ho-tich", idempotency_key=key()))[1]["number"]
        for _ in range(3)
    ]
    assert numbers == ["1001", "1002", "1003"]
    clock.t = hanoi(2025, 5, 27, 23, 59)
    assert svc.issue(p, IssueIn(service_id="ho-tich", idempotency_key=key()))[1]["number"] == "1004"
    clock.t = hanoi(2025, 5, 28, 0, 0)
    fresh = svc.issue(p, IssueIn(service_id="ho-tich", idempotency_key=key()))[1]
    assert fresh["number"] == "1001"
    # Yesterday's waiting tickets are not called today, and housekeeping closes them.
    status, called = svc.call_next(p, "01", CallNextIn(idempotency_key=key()))
    assert status == 200 and called["id"] == fresh["id"]
    assert svc.housekeeping()["closed"] == 4
    assert svc.snapshot(p.centre_id)["waiting"][0]["count"] == 0


def test_citizen_data_purged_at_end_of_day(
    setup: tuple[QueueService, Clock, Principal, Database],
) -> None:
    svc, clock, p, db = setup
    citizen = CitizenIn(name="Hoàng Văn Em", id_number="001085012345", birth_year=1960)
    t = svc.issue(p, IssueIn(service_id="ho-tich", citizen=citizen, idempotency_key=key()))[1]
    assert svc.ticket(p, t["id"])["citizen"]["id_masked"] == "0010******45"
    with db.read() as conn:
        stored = conn.execute(select(schema.tickets)).mappings().one()
        events = conn.execute(select(schema.events.c.payload)).scalars().all()
    assert "001085012345" not in str(dict(stored)) and "Hoàng Văn Em" not in str(events)
    clock.t = hanoi(2025, 5, 27, 23, 59)
    assert svc.housekeeping()["purged"] == 0
    clock.t = hanoi(2025, 5, 28, 0, 0)
    assert svc.housekeeping()["purged"] == 1
    assert svc.ticket(p, t["id"])["citizen"] is None


def test_schema_version_is_stored_and_guarded(
    setup: tuple[QueueService, Clock, Principal, Database],
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
    setup: tuple[QueueService, Clock, Principal, Database], monkeypatch: pytest.MonkeyPatch
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
    setup: tuple[QueueService, Clock, Principal, Database],
) -> None:
    """Snapshots are reused while nothing changed; a change or a new day gives a new one."""
    svc, clock, p, _ = setup
    first = svc.snapshot(p.centre_id)
    assert svc.snapshot(p.centre_id) == first
    svc.issue(p, IssueIn(service_id="ho-tich", idempotency_key=key()))
    after = svc.snapshot(p.centre_id)
    assert after["last_seq"] > first["last_seq"] and after["waiting"][0]["count"] == 1
    status, called = svc.call_next(p, "01", CallNextIn(idempotency_key=key()))
    served = svc.snapshot(p.centre_id)
    assert status == 200 and served["waiting"][0]["count"] == 0
    assert next(c for c in served["counters"] if c["id"] == "01")["current"]["id"] == called["id"]
    svc.issue(p, IssueIn(service_id="ho-tich", idempotency_key=key()))
    assert svc.snapshot(p.centre_id)["waiting"][0]["count"] == 1
    clock.t = hanoi(2025, 5, 28, 0, 0)  # no event at midnight, yet yesterday's queue is gone
    tomorrow = svc.snapshot(p.centre_id)
    assert tomorrow["service_day"] == "2025-05-28" and tomorrow["waiting"][0]["count"] == 0


def test_offline_paper_wins_when_the_online_answer_was_lost(
    setup: tuple[QueueService, Clock, Principal, Database],
) -> None:
    """The server issued 1001 but the kiosk never heard back, went offline and printed
    K1-001 under the same key. On sync that one ticket takes the number on the paper."""
    svc, clock, p, db = setup
    k = key()
    lost = svc.issue(p, IssueIn(service_id="ho-tich", idempotency_key=k))[1]
    offline = OfflineIn(kiosk_code="K1", seq_no=1, issued_at=datetime.fromtimestamp(clock.t, UTC))
    synced = IssueIn(service_id="ho-tich", idempotency_key=k, offline=offline)
    status, got = svc.issue(p, synced)
    assert status == 201 and got["id"] == lost["id"] and got["number"] == "K1-001"
    assert got["issued_offline"] and svc.issue(p, synced)[1]["number"] == "K1-001"  # resent
    assert [t["id"] for t in svc.find_by_number(p, "K1-001")] == [lost["id"]]
    assert svc.find_by_number(p, "1001") == []
    with db.read() as conn:
        assert len(conn.execute(select(schema.tickets)).all()) == 1
        kinds = conn.execute(select(schema.events.c.type)).scalars().all()
    assert kinds == ["ticket.issued", "ticket.renumbered"]
    # The same key for another lĩnh vực is still someone else's request.
    other = IssueIn(service_id="dat-dai", idempotency_key=k, offline=offline)
    with pytest.raises(Invalid):
        svc.issue(p, other)
