"""kill -9 in the middle of a burst: every acknowledged ticket, call and rating survives,
and retrying the unanswered requests with their keys duplicates nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from testkit.keys import key
from testkit.servers import ServerProcess

pytestmark = pytest.mark.slow


class Burst:
    """Kiosks and a counter working flat out, remembering what was acknowledged."""

    def __init__(self, srv: ServerProcess) -> None:
        self.srv = srv
        self.lock = threading.Lock()
        self.tickets: dict[str, str] = {}
        self.calls: set[str] = set()
        self.ratings: set[str] = set()
        self.unanswered: list[tuple[str, dict[str, Any]]] = []
        self.stop = threading.Event()

    def _post(
        self, session: requests.Session, path: str, role: str, body: dict[str, Any]
    ) -> requests.Response | None:
        try:
            return session.post(
                self.srv.base + path, json=body, headers=self.srv.headers(role), timeout=5
            )
        except requests.RequestException:
            with self.lock:
                self.unanswered.append((path, body))
            self.stop.set()
            return None

    def kiosk(self) -> None:
        s = requests.Session()
        while not self.stop.is_set():
            body = {"service_id": "ho-tich", "idempotency_key": key("crash")}
            r = self._post(s, "/api/v1/tickets", "kiosk", body)
            if r is not None and r.status_code == 201:
                with self.lock:
                    self.tickets[body["idempotency_key"]] = r.json()["id"]

    def counter(self) -> None:
        s = requests.Session()
        while not self.stop.is_set():
            r = self._post(
                s, "/api/v1/counters/01/call-next", "counter", {"idempotency_key": key("call")}
            )
            if r is None or r.status_code != 200:
                continue
            tid = r.json()["id"]
            with self.lock:
                self.calls.add(tid)
            f = self._post(
                s, f"/api/v1/tickets/{tid}/finish", "counter", {"idempotency_key": key("fin")}
            )
            if f is None:
                return
            body = {"ticket_id": tid, "level": "hai-long", "idempotency_key": key("rate")}
            rr = self._post(s, "/api/v1/ratings", "rating", body)
            if rr is not None and rr.status_code == 201:
                with self.lock:
                    self.ratings.add(tid)


def test_kill_9_loses_nothing(db_url: str, tmp_path: Path) -> None:
    srv = ServerProcess(db_url, tmp_path).start()
    burst = Burst(srv)
    threads = [threading.Thread(target=burst.kiosk) for _ in range(3)]
    threads.append(threading.Thread(target=burst.counter))
    for t in threads:
        t.start()
    time.sleep(1.5)
    srv.kill()
    for t in threads:
        t.join(20)
    assert len(burst.tickets) > 20 and burst.calls and burst.ratings

    srv.start()
    try:
        for ticket_id in burst.tickets.values():
            got = srv.get(f"/api/v1/tickets/{ticket_id}", "manager")
            assert got.status_code == 200
        for ticket_id in burst.calls:
            assert srv.get(f"/api/v1/tickets/{ticket_id}", "manager").json()["status"] in {
                "called",
                "done",
            }
        # Retry whatever was in flight when the server died, with the same keys.
        retried_issues: dict[str, str] = {}
        for path, body in burst.unanswered:
            role = {"/api/v1/tickets": "kiosk", "/api/v1/ratings": "rating"}.get(path, "counter")
            r1 = srv.post(path, role, body)
            r2 = srv.post(path, role, body)
            assert r1.status_code < 500 and (r1.status_code, r1.text) == (r2.status_code, r2.text)
            if path == "/api/v1/tickets" and r1.status_code == 201:
                retried_issues[body["idempotency_key"]] = r1.json()["id"]
        all_ids = {**burst.tickets, **retried_issues}
        report = srv.get("/api/v1/reports/summary", "manager").json()
        assert report["totals"]["issued"] == len(set(all_ids.values()))
        assert report["totals"]["ratings"] >= len(burst.ratings)
    finally:
        srv.stop()
