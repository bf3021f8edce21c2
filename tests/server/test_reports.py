"""Reports from a seeded dataset whose figures are computed by hand, across the
quarter boundary (Q1 2025 ends on 14 March, Q2 starts on the 15th)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from queue_core.contract import CallNextIn, IssueIn, Mutation, RatingIn, TicketAction
from queue_core.periods import parse_period
from queue_server.auth import Authenticator, Principal, Role
from queue_server.centres import CentreDirectory
from queue_server.context import ServerContext
from queue_server.counters.actions import act as act_on
from queue_server.counters.calls import call_next
from queue_server.provision import open_database
from queue_server.ratings.rate import rate as rate_ticket
from queue_server.reports import summary as reports
from queue_server.storage.database import Database
from queue_server.tickets.issue import issue as issue_ticket
from testkit.keys import key
from testkit.servers import CENTRE
from tests.server.test_service_rules import Clock, hanoi


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Database]:
    path = tmp_path_factory.mktemp("reports") / "r.db"
    db = open_database(f"sqlite:///{path}", [CENTRE])
    clock = Clock(0)
    ctx = ServerContext(db, CentreDirectory([CENTRE]), clock=clock)
    officer_id = Authenticator(db).add_staff(
        CENTRE.centre.id, "lan", "Nguyễn Thị Lan", Role.COUNTER, "12345678"
    )
    cid = CENTRE.centre.id
    kiosk = Principal(cid, Role.KIOSK, "k", device_id="k1")
    officer = Principal(cid, Role.COUNTER, "Lan", staff_id=officer_id)
    pad = Principal(cid, Role.RATING, "pad", device_id="r1")

    def at(d: int, h: int, m: int) -> None:
        clock.t = hanoi(2025, 3, d, h, m)

    def issue(service: str) -> str:
        return str(issue_ticket(ctx, kiosk, IssueIn(service_id=service, idempotency_key=key())).id)

    def call(counter: str) -> str:
        called = call_next(ctx, officer, counter, CallNextIn(idempotency_key=key()))
        assert called is not None
        return str(called.id)

    def act(tid: str, action: str) -> None:
        act_on(ctx, officer, tid, TicketAction(action), Mutation(idempotency_key=key()))

    def rate(tid: str, level: str) -> None:
        rate_ticket(ctx, pad, RatingIn(ticket_id=tid, level=level, idempotency_key=key()))

    at(14, 8, 0)
    t1 = issue("ho-tich")
    at(14, 8, 5)
    t2 = issue("ho-tich")
    at(14, 8, 10)
    call("01")
    act(t1, "start")
    at(14, 8, 20)
    act(t1, "finish")
    rate(t1, "rat-hai-long")
    at(14, 8, 25)
    call("01")
    at(14, 8, 26)
    act(t2, "start")
    at(14, 8, 30)
    act(t2, "finish")
    rate(t2, "binh-thuong")
    at(14, 9, 0)
    t3 = issue("dat-dai")
    at(14, 9, 10)
    t4 = issue("dat-dai")
    at(14, 9, 45)
    call("04")
    at(14, 10, 0)
    act(t3, "finish")
    rate(t3, "hai-long")
    call("04")
    at(14, 10, 0)
    t5 = issue("chung-thuc")
    at(14, 10, 5)
    act(t4, "no-show")
    act(t5, "cancel")
    at(15, 8, 0)
    t6 = issue("ho-tich")
    at(15, 8, 1)
    call("01")
    at(15, 8, 11)
    act(t6, "finish")
    rate(t6, "khong-hai-long")
    return f"sqlite:///{path}", db


def quarter(db: Database, q: str) -> dict[str, Any]:
    p = parse_period(f"quarter:{q}")
    return reports.summary(db, CENTRE, p.first, p.last)


def test_first_quarter_by_hand(seeded: tuple[str, Database]) -> None:
    r = quarter(seeded[1], "2025Q1")
    t = r["totals"]
    assert (t["issued"], t["served"], t["no_show"], t["cancelled"]) == (5, 3, 1, 1)
    # waits: 600, 1200, 2700, 3000 s
    assert t["wait_s"] == {"mean": 1875.0, "median": 1950.0, "p90": 3000.0, "max": 3000.0}
    assert t["within_target_wait"] == 0.5  # two of four within 30 minutes
    # service: 600, 240, 900 s (Đất đai served from the call: no "start")
    assert t["service_s"] == {"mean": 580.0, "median": 600.0, "p90": 900.0, "max": 900.0}
    assert (t["ratings"], t["rating_share"], t["satisfaction_rate"]) == (3, 1.0, 0.6667)
    svc = {s["service_id"]: s for s in r["by_service"]}
    assert svc["ho-tich"]["satisfaction_rate"] == 0.5 and svc["ho-tich"]["meets_target"] is False
    assert svc["dat-dai"]["satisfaction_target"] == 0.85 and svc["dat-dai"]["meets_target"] is True
    assert svc["dat-dai"]["no_show"] == 1 and svc["chung-thuc"]["cancelled"] == 1
    assert [(h["hour"], h["arrivals"]) for h in r["by_hour"]] == [(8, 2), (9, 2), (10, 1)]
    counters = {c["counter_id"]: c for c in r["by_counter"]}
    assert counters["01"]["served"] == 2 and counters["04"]["served"] == 1
    assert r["by_officer"][0]["name"] == "Nguyễn Thị Lan" and r["by_officer"][0]["served"] == 3


def test_the_15th_starts_the_next_quarter(seeded: tuple[str, Database]) -> None:
    r = quarter(seeded[1], "2025Q2")
    assert r["totals"]["issued"] == 1 and r["totals"]["satisfaction_rate"] == 0.0
    year = parse_period("year:2025")
    assert reports.summary(seeded[1], CENTRE, year.first, year.last)["totals"]["issued"] == 6


def test_report_command_formats(seeded: tuple[str, Database], tmp_path: Path) -> None:
    url = seeded[0]

    def xephang(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "xephang", "report", "--db", url, *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    j = xephang("--period", "quarter:2025Q1", "--format", "json")
    assert j.returncode == 0 and json.loads(j.stdout)["totals"]["issued"] == 5
    t = xephang("--from", "2025-03-14", "--to", "2025-03-14")
    assert t.returncode == 0 and "Hộ tịch" in t.stdout and "Đất đai" in t.stdout
    x = xephang(
        "--period", "quarter:2025Q1", "--format", "xlsx", "--out", str(tmp_path / "q1.xlsx")
    )
    assert x.returncode == 0
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "q1.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Theo lĩnh vực", "Theo quầy", "Theo cán bộ", "Theo giờ"]
    assert len(wb["Theo lĩnh vực"]._charts) == 1 and len(wb["Theo giờ"]._charts) == 1
    assert wb["Tổng hợp"]["B4"].value == 5
    p = xephang("--period", "quarter:2025Q1", "--format", "png", "--out", str(tmp_path / "png"))
    assert p.returncode == 0
    pngs = sorted((tmp_path / "png").glob("*.png"))
    assert [f.name for f in pngs] == ["cho-theo-gio.png", "hai-long-theo-linh-vuc.png"]
    assert all(
        f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f.stat().st_size > 10_000 for f in pngs
    )
    bad = xephang("--period", "quarter:2025Q5")
    assert bad.returncode == 2 and "quarter" in bad.stderr and "Traceback" not in bad.stderr
