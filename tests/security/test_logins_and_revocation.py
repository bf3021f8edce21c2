"""Staff logins: back-off per username and per address with Retry-After, the same work
for an unknown username, scrypt at OWASP's parameters, an audit log a manager reads;
revocation that works at once (devices, staff, logout) and closes open streams."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import threading
import time
from pathlib import Path

from queue_client.api import ApiClient, ApiError
from queue_client.sse import read_events
from queue_core.contract import CallNextIn, IssueIn, Mutation, TicketAction, TransferIn
from queue_server.auth import Authenticator, Role, hash_password, verify_password
from queue_server.auth.passwords import N
from queue_server.storage import schema
from testkit.keys import key
from testkit.servers import STAFF_PASSWORD, InProcessServer, ServerProcess, TestServer


def login(
    srv: TestServer, username: str, password: str
) -> tuple[int, dict[str, str], dict[str, object]]:
    r = srv.post("/api/v1/auth/login", None, {"username": username, "password": password})
    return r.status_code, {k.lower(): v for k, v in r.headers.items()}, r.json()


def test_back_off_after_failures_even_for_the_right_password(server: TestServer) -> None:
    user = server.staff_username
    statuses = [login(server, user, "wrong-password")[0] for _ in range(5)]
    assert statuses == [401] * 5  # five free failures
    status, headers, body = login(server, user, "wrong-password")
    assert status == 401  # the sixth counts and starts the wait
    status, headers, body = login(server, user, STAFF_PASSWORD)
    assert status == 429 and int(headers["retry-after"]) >= 1
    assert body["error"]["code"] == "too_many_failures"  # type: ignore[index]
    assert "thử lại sau" in body["error"]["message"]  # type: ignore[index]
    time.sleep(int(headers["retry-after"]) + 0.1)
    assert login(server, user, STAFF_PASSWORD)[0] == 200  # and a success forgets the failures
    assert login(server, user, "wrong-password")[0] == 401


def test_a_flood_from_one_address_is_slowed_whatever_the_username(server: TestServer) -> None:
    statuses = [login(server, f"nobody{i}", "guess")[0] for i in range(25)]
    assert statuses[:20] == [401] * 20 and 429 in statuses[20:]


def test_unknown_users_cost_as_much_as_known_ones(server: TestServer) -> None:
    def timed(username: str) -> float:
        start = time.perf_counter()
        assert login(server, username, "wrong")[0] == 401
        return time.perf_counter() - start

    known = min(timed(server.staff_username) for _ in range(2))
    unknown = min(timed(f"ghost{i}") for i in range(2))
    assert unknown > 0.6 * known and known > 0.2  # both pay for one scrypt check


def test_passwords_use_owasp_scrypt_and_old_hashes_are_upgraded(tmp_path: Path) -> None:
    stored = hash_password("mat-khau-moi")
    assert stored.startswith(f"scrypt${N}$8$1$") and N >= 2**17
    assert verify_password("mat-khau-moi", stored) and not verify_password("khac", stored)
    srv = InProcessServer(f"sqlite:///{tmp_path / 'a.db'}", tmp_path).start()
    try:
        auth: Authenticator = srv.app_transport.app.state.auth  # type: ignore[attr-defined]
        salt = b"0123456789abcdef"
        weak = hashlib.scrypt(b"cu-mat-khau", salt=salt, n=2**14, r=8, p=1)
        old = (
            f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(weak).decode()}"
        )
        auth.add_staff("hoang-mai", "old.user", "Người Cũ", Role.COUNTER, "x", password_hash=old)
        assert srv.api().login("old.user", "cu-mat-khau").role == "counter"
        with auth.db.read() as conn:
            now = (
                conn.execute(schema.staff.select().where(schema.staff.c.username == "old.user"))
                .mappings()
                .one()["password_hash"]
            )
        assert now.startswith(f"scrypt${N}$") and verify_password("cu-mat-khau", now)
    finally:
        srv.stop()


def test_the_manager_reads_who_did_what(server: TestServer) -> None:
    officer = ApiClient(server.transport)
    officer.login(server.staff_username, STAFF_PASSWORD, counter_id="01")
    kiosk = server.api("kiosk")
    for _ in range(3):
        kiosk.issue(IssueIn(service_id="ho-tich", idempotency_key=key()))
    a = officer.call_next("01", CallNextIn(idempotency_key=key()))
    assert a is not None and a.id
    officer.act(a.id, TicketAction.NO_SHOW, Mutation(idempotency_key=key()))
    b = officer.call_next("01", CallNextIn(idempotency_key=key()))
    assert b is not None and b.id
    officer.act(
        b.id, TicketAction.TRANSFER, TransferIn(service_id="dat-dai", idempotency_key=key())
    )
    c = officer.call_next("01", CallNextIn(idempotency_key=key()))
    assert c is not None and c.id
    officer.act(c.id, TicketAction.CANCEL, Mutation(idempotency_key=key()))
    log = server.api("manager").audit()
    seen = [(e.action, e.target) for e in reversed(log) if e.actor_name == "Trần Thị Bình"]
    assert seen == [
        ("login", None),
        ("call-next", a.number),
        ("no-show", a.number),
        ("call-next", b.number),
        ("transfer", b.number),
        ("call-next", c.number),
        ("cancel", c.number),
    ]
    transfer = next(e for e in log if e.action == "transfer")
    assert "dat-dai" in transfer.detail and transfer.actor_kind == "staff"
    assert next(e for e in log if e.action == "login").client == "127.0.0.1"
    try:
        server.api("counter").audit()
        raise AssertionError("a counter read the audit log")
    except ApiError as e:
        assert e.status == 403


def test_logout_and_a_session_bound_to_its_counter(server: TestServer) -> None:
    officer = ApiClient(server.transport)
    officer.login(server.staff_username, STAFF_PASSWORD, counter_id="01")
    wrong = server.post(
        "/api/v1/counters/02/call-next",
        None,
        {"idempotency_key": key()},
        headers={"Authorization": f"Bearer {officer.token}"},
    )
    assert wrong.status_code == 403
    token = officer.token
    officer.logout()
    after = server.get("/api/v1/queue", None, headers={"Authorization": f"Bearer {token}"})
    assert after.status_code == 401 and after.json()["error"]["code"] == "bad_token"


def test_revoked_at_once_on_a_running_server_and_its_stream_closed(tmp_path: Path) -> None:
    srv = ServerProcess(f"sqlite:///{tmp_path / 'r.db'}", tmp_path).start(["--keepalive", "1"])
    try:
        ended = threading.Event()

        def follow() -> None:
            stream = srv.events("/api/v1/events", "display")
            for _ in read_events(stream.lines()):
                pass
            ended.set()

        threading.Thread(target=follow, daemon=True).start()
        assert srv.get("/api/v1/queue", "display").status_code == 200
        devices = subprocess.run(
            [sys.executable, "-m", "xephang", "devices", "list", "--db", srv.db_url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        line = next(x for x in devices.splitlines() if x.endswith("test display"))
        assert srv.tokens["display"] not in devices  # never the token
        revoke = subprocess.run(
            [
                sys.executable,
                "-m",
                "xephang",
                "devices",
                "revoke",
                line.split()[0],
                "--db",
                srv.db_url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert revoke.returncode == 0, revoke.stderr
        r = srv.get("/api/v1/queue", "display")
        assert r.status_code == 401  # at once: no cache window
        assert ended.wait(15), "the revoked device's stream stayed open"
        disable = subprocess.run(
            [
                sys.executable,
                "-m",
                "xephang",
                "staff",
                "disable",
                "--username",
                srv.staff_username,
                "--db",
                srv.db_url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert disable.returncode == 0
        assert login(srv, srv.staff_username, STAFF_PASSWORD)[0] == 401
    finally:
        srv.stop()


def test_open_streams_tokens_are_rechecked_in_one_query(server: InProcessServer) -> None:
    """What the stream watch asks every few seconds for all open streams at once: which
    tokens still open the API. A logged-out session, a revoked device and a token that
    never existed drop out; the rest stay."""
    from queue_server.auth import token_digest
    from queue_server.storage.database import Database

    officer = ApiClient(server.transport)
    officer.login(server.staff_username, STAFF_PASSWORD, counter_id="01")
    assert officer.token
    auth = Authenticator(Database(server.db_url))
    display, session = token_digest(server.tokens["display"]), token_digest(officer.token)
    kiosk = token_digest(server.tokens["kiosk"])
    asked = [display, session, kiosk, token_digest("never-issued")]
    assert auth.still_valid(asked) == {display, session, kiosk}
    officer.logout()
    kiosk_id = str(next(d["id"] for d in auth.devices() if d["kind"] == "kiosk"))
    assert auth.revoke_device(kiosk_id)
    assert auth.still_valid(asked) == {display}
