"""Pairing a TV by the code it shows: the TV's own token becomes a display of the
admin's centre (only its digest is stored), once; codes expire; strangers learn nothing;
the CLI does what the console will."""

from __future__ import annotations

import secrets
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from testkit.servers import InProcessServer, TestServer


def tv_token() -> str:
    return "xhd_" + secrets.token_urlsafe(32)


def test_a_tv_becomes_a_display_when_an_admin_enters_its_code(server: TestServer) -> None:
    token = tv_token()
    asked = server.post("/api/v1/screen/pairings", None, {"token": token})
    assert asked.status_code == 200
    code = asked.json()["code"]
    assert len(code) == 6 and code.isdigit() and asked.json()["state"] == "waiting"
    again = server.post("/api/v1/screen/pairings", None, {"token": token})
    assert again.json()["code"] == code  # a reload of the TV's page: the same code
    # Before pairing the token opens nothing; a stranger cannot read the code's state.
    assert (
        server.get("/api/v1/queue", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )
    stranger = server.get(f"/api/v1/screen/pairings/{code}", headers={"Authorization": "Bearer x"})
    assert stranger.status_code == 404
    refused = server.post(f"/api/v1/screen/pairings/{code}/accept", "manager", {"label": "tv-2"})
    assert refused.status_code == 403  # admins only
    bad_zone = server.post(
        f"/api/v1/screen/pairings/{code}/accept", "admin", {"label": "tv-2", "zone": ["99"]}
    )
    assert bad_zone.status_code == 422 and "Không có quầy 99" in bad_zone.text
    accepted = server.post(
        f"/api/v1/screen/pairings/{code[:3]} {code[3:]}/accept",
        "admin",
        {"label": "tv-2", "zone": ["01", "02"]},
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json() == {
        "code": code,
        "state": "paired",
        "label": "tv-2",
        "url": "/screen/tv-2?zone=01,02",
    }
    mine = server.get(
        f"/api/v1/screen/pairings/{code}", headers={"Authorization": f"Bearer {token}"}
    )
    assert mine.json()["url"] == "/screen/tv-2?zone=01,02"
    board = server.get(
        "/api/v1/screen/board?zone=01,02", headers={"Authorization": f"Bearer {token}"}
    )
    assert board.status_code == 200 and 'id="card-01"' in board.text
    twice = server.post(f"/api/v1/screen/pairings/{code}/accept", "admin", {"label": "tv-3"})
    assert twice.status_code == 409 and "đã được ghép nối" in twice.text
    unknown = server.post("/api/v1/screen/pairings/123456/accept", "admin", {"label": "tv-4"})
    assert unknown.status_code == 404 and "hết hạn" in unknown.text
    audit = server.get("/api/v1/audit", "admin").json()
    assert any(e["action"] == "device.paired" and "tv-2" in e["detail"] for e in audit)


def test_codes_expire(server: InProcessServer) -> None:
    token = tv_token()
    code = server.post("/api/v1/screen/pairings", None, {"token": token}).json()["code"]
    ctx = server.app_transport.app.state.context  # type: ignore[attr-defined]
    later = time.time() + 601
    ctx.clock = lambda: later
    state = server.get(
        f"/api/v1/screen/pairings/{code}", headers={"Authorization": f"Bearer {token}"}
    )
    assert state.json()["state"] == "expired"
    late = server.post(f"/api/v1/screen/pairings/{code}/accept", "admin", {"label": "tv-5"})
    assert late.status_code == 404
    bad = server.post("/api/v1/screen/pairings", None, {"token": "not-a-token"})
    assert bad.status_code == 422


def pair_cli(code: str, label: str, db_url: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "xephang", "devices", "pair", code, "--label", label]
    return subprocess.run(
        [*args, "--db", db_url], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_cli_pairs_and_the_database_keeps_no_token(tmp_path: Path) -> None:
    srv = InProcessServer(f"sqlite:///{tmp_path / 'pair.db'}", tmp_path).start()
    try:
        token = tv_token()
        code = srv.post("/api/v1/screen/pairings", None, {"token": token}).json()["code"]
        out = pair_cli(code, "tv-6", srv.db_url)
        assert out.returncode == 0, out.stderr
        assert "/screen/tv-6" in out.stdout
        again = pair_cli(code, "tv-7", srv.db_url)
        assert again.returncode == 2 and "đã được ghép nối" in again.stderr
        with sqlite3.connect(tmp_path / "pair.db") as conn:
            dump = "\n".join(conn.iterdump())
        assert token not in dump
        opened = srv.get("/api/v1/centre", headers={"Authorization": f"Bearer {token}"})
        assert opened.status_code == 200
    finally:
        srv.stop()
