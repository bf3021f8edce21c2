"""Decree 13/2023 and the PDP law: the full ID number cannot be recovered from a copy of
the database, the purge leaves no citizen data in any table, the public page shows
nothing personal (not even a priority group)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import time
from pathlib import Path

from queue_core.contract import CallNextIn, CitizenIn, IssueIn, Mutation, TicketAction
from queue_core.privacy import mask_id
from queue_server.ops.housekeeping import housekeeping
from testkit.keys import key
from testkit.servers import InProcessServer, TestServer

FULL_ID = "079137001234"  # a woman born in 1937 (digit 4: 1 = 1900s, female; 5–6: 37)
NAME = "Phạm Thị Dung"
BORN = 1937


def old_style_fingerprint(body: dict[str, object], endpoint: str) -> str:
    """How the server digested requests before: an unsalted SHA-256 of the body."""
    raw = json.dumps([endpoint, body], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def candidates(masked: str, birth_year: int) -> list[str]:
    """Every ID number that fits the masked one and the birth year: digits 5–6 are the
    year, so only digits 7–10 are unknown (10,000 numbers)."""
    head, tail, yy = masked[:4], masked[-2:], f"{birth_year % 100:02d}"
    return [f"{head}{yy}{n:04d}{tail}" for n in range(10_000)]


def issue_with_card(srv: TestServer) -> dict[str, object]:
    body = IssueIn(
        service_id="ho-tich",
        idempotency_key=key(),
        citizen=CitizenIn(name=NAME, id_number=FULL_ID, birth_year=BORN),
    )
    srv.api("kiosk").issue(body)
    return body.model_dump(mode="json", exclude={"idempotency_key"})


def brute_force(db_file: Path, body: dict[str, object]) -> str | None:
    """The attack: for each candidate, rebuild the request and look for its digest."""
    with sqlite3.connect(db_file) as conn:
        stored = {r[0] for r in conn.execute("SELECT request_hash FROM idempotency")}
    for guess in candidates(mask_id(FULL_ID), BORN):
        attempt = json.loads(json.dumps(body))
        attempt["citizen"]["id_number"] = guess
        if old_style_fingerprint(attempt, "issue") in stored:
            return guess
    return None


def test_the_id_number_cannot_be_brute_forced_from_a_copy(tmp_path: Path) -> None:
    srv = InProcessServer(f"sqlite:///{tmp_path / 'live.db'}", tmp_path).start()
    try:
        body = issue_with_card(srv)
    finally:
        srv.stop()
    copy = tmp_path / "stolen.db"
    shutil.copy(tmp_path / "live.db", copy)
    assert brute_force(copy, body) is None
    assert FULL_ID.encode() not in copy.read_bytes()
    # The attack itself works: against the old digest it finds the number in a moment.
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "UPDATE idempotency SET request_hash = ?", (old_style_fingerprint(body, "issue"),)
        )
    assert brute_force(copy, body) == FULL_ID


def every_value(db_file: Path) -> list[tuple[str, object]]:
    """Every cell of every table, with its table's name."""
    out: list[tuple[str, object]] = []
    with sqlite3.connect(db_file) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            for row in conn.execute(f'SELECT * FROM "{t}"'):
                out.extend((t, cell) for cell in row)
    return out


def cells_holding(cells: list[tuple[str, object]], secret: str) -> list[tuple[str, object]]:
    """The cells where a secret is kept: inside a text (a number only as a whole word, so a
    birth year is not found inside a timestamp's digits), or as a number cell equal to it."""
    word = re.compile(rf"(?<![0-9.]){re.escape(secret)}(?![0-9])")
    return [
        (table, cell)
        for table, cell in cells
        if (isinstance(cell, str) and (word.search(cell) if secret.isdigit() else secret in cell))
        or (isinstance(cell, int | float) and secret.isdigit() and cell == int(secret))
    ]


def test_after_the_purge_no_table_holds_citizen_data(tmp_path: Path) -> None:
    srv = InProcessServer(f"sqlite:///{tmp_path / 'p.db'}", tmp_path).start()
    try:
        issue_with_card(srv)
        officer = srv.api("counter")
        called = officer.call_next("01", CallNextIn(idempotency_key=key()))
        assert called is not None and called.id and called.citizen is not None
        assert called.citizen.name == NAME
        start = Mutation(idempotency_key=key())
        started = officer.act(called.id, TicketAction.START, start)
        officer.act(called.id, TicketAction.FINISH, Mutation(idempotency_key=key()))
        before = every_value(tmp_path / "p.db")
        assert cells_holding(
            before, NAME
        )  # held while the ticket is in service, as the officer needs
        ctx = srv.app_transport.app.state.context  # type: ignore[attr-defined]
        later = time.time() + 86_400 + 60  # past the end of the service day
        ctx.clock = lambda: later
        assert housekeeping(ctx)["purged"] == 1
        after = every_value(tmp_path / "p.db")
        for secret in (NAME, mask_id(FULL_ID), FULL_ID, str(BORN)):
            assert not cells_holding(after, secret), secret
        # A retry of a command answered before the purge shows nobody either.
        again = officer.act(called.id, TicketAction.START, start)
        assert again.citizen is None and started.citizen is not None
    finally:
        srv.stop()


def test_public_page_headers_and_nothing_personal(thread_server: TestServer) -> None:
    server = thread_server
    body = IssueIn(
        service_id="ho-tich",
        priority="nguoi-khuyet-tat",
        idempotency_key=key(),
        citizen=CitizenIn(name=NAME, id_number=FULL_ID, birth_year=BORN),
    )
    t = server.api("kiosk").issue(body)
    token = t.status_url.rsplit("/", 1)[1]
    page = server.get(f"/t/{token}")
    data = server.get(f"/t/{token}", headers={"Accept": "application/json"})
    for answer in (page, data):
        h = {k.lower(): v for k, v in answer.headers.items()}
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer" and h["cache-control"] == "no-store"
        assert "server" not in h
        for secret in (NAME, FULL_ID, mask_id(FULL_ID), "khuyết tật", "khuyet-tat", "priority"):
            assert secret not in answer.text, secret
    assert data.json()["number"] == t.number and "priority" not in data.json()
