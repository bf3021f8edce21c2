"""A realistic day at a centre, driven through the real HTTP API at a chosen speed-up:
citizens arrive by the hour (morning peak), choose lĩnh vực by a realistic mix, some with
priority; counters call, serve for a time typical of the lĩnh vực, meet no-shows,
transfer a few, and the citizen rates most services. It is also the load generator for
the day benchmark."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .api import ApiClient, ApiError, ServerUnreachable, new_key

ARRIVALS_PER_HOUR = {7: 10, 8: 45, 9: 60, 10: 50, 11: 30, 13: 25, 14: 40, 15: 30, 16: 15}
"""Citizens per hour at a ward centre: a morning peak, a quieter afternoon, lunch closed."""
SERVICE_MIX = {
    "ho-tich": 30,
    "chung-thuc": 30,
    "ho-kinh-doanh": 8,
    "dat-dai": 10,
    "xay-dung": 4,
    "bao-tro-xa-hoi": 6,
    "tra-ket-qua": 12,
}
LEVEL_MIX = {"rat-hai-long": 55, "hai-long": 33, "binh-thuong": 8, "khong-hai-long": 4}


@dataclass
class Tally:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    ratings: int = 0
    priority: int = 0
    errors: list[str] = field(default_factory=list)
    by_service: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, n: int = 1) -> None:
        with self.lock:
            setattr(self, what, getattr(self, what) + n)


@dataclass
class DaySim:
    base_url: str
    tokens: dict[str, str]
    """kiosk, counter, rating: device tokens."""
    centre: dict[str, Any]
    speed: float = 60.0
    """Simulated seconds per real second."""
    scale: float = 1.0
    """Multiplies the arrivals (0.2 for a small centre, 3 for a busy one)."""
    seed: int = 2025
    no_show_rate: float = 0.05
    transfer_rate: float = 0.03
    rating_rate: float = 0.6
    tally: Tally = field(default_factory=Tally)

    def run(self, hours: list[int] | None = None) -> Tally:
        rng = random.Random(self.seed)
        hours = hours or sorted(ARRIVALS_PER_HOUR)
        schedule = self._arrivals(rng, hours)
        stop = threading.Event()
        kiosk_done = threading.Event()
        counters = [c for c in self.centre["counters"]]
        threads = [threading.Thread(target=self._kiosk, args=(schedule, kiosk_done), daemon=True)]
        threads += [
            threading.Thread(
                target=self._counter,
                args=(c, random.Random(rng.random()), kiosk_done, stop),
                daemon=True,
            )
            for c in counters
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return self.tally

    def _arrivals(self, rng: random.Random, hours: list[int]) -> list[tuple[float, str, bool]]:
        """(real seconds from start, service, priority) for every citizen of the day."""
        out = []
        services, weights = zip(
            *[
                (s, w)
                for s, w in SERVICE_MIX.items()
                if any(x["id"] == s for x in self.centre["services"])
            ],
            strict=False,
        )
        for i, hour in enumerate(hours):
            n = round(ARRIVALS_PER_HOUR.get(hour, 0) * self.scale)
            for _ in range(n):
                at = (i * 3600 + rng.uniform(0, 3600)) / self.speed
                out.append((at, rng.choices(services, weights)[0], rng.random() < 0.1))
        return sorted(out)

    def _kiosk(self, schedule: list[tuple[float, str, bool]], done: threading.Event) -> None:
        api = ApiClient(self.base_url, self.tokens["kiosk"], timeout_s=10)
        start = time.monotonic()
        groups = [g["id"] for g in self.centre["priority_groups"]]
        for at, service, priority in schedule:
            time.sleep(max(0.0, at - (time.monotonic() - start)))
            body: dict[str, Any] = {"service_id": service, "idempotency_key": new_key("sim")}
            if priority and groups:
                body["priority"] = groups[0]
            self._retry(lambda b=body: api.issue(b))
            self.tally.add("issued")
            if priority:
                self.tally.add("priority")
            with self.tally.lock:
                self.tally.by_service[service] += 1
        done.set()

    def _counter(
        self,
        counter: dict[str, Any],
        rng: random.Random,
        kiosk_done: threading.Event,
        stop: threading.Event,
    ) -> None:
        api = ApiClient(self.base_url, self.tokens["counter"], timeout_s=10)
        rater = ApiClient(self.base_url, self.tokens["rating"], timeout_s=10)
        minutes = {s["id"]: s["avg_service_min"] for s in self.centre["services"]}
        levels, weights = zip(*LEVEL_MIX.items(), strict=False)
        empty_polls = 0
        while not stop.is_set():
            key = new_key("call")
            ticket = self._retry(
                lambda k=key: api.request(
                    "POST", f"/api/v1/counters/{counter['id']}/call-next", {"idempotency_key": k}
                )
            )
            if ticket is None:
                empty_polls += 1
                if kiosk_done.is_set() and empty_polls > 3:
                    return
                time.sleep(30 / self.speed)
                continue
            empty_polls = 0
            tid = ticket["id"]
            roll = rng.random()
            if roll < self.no_show_rate:
                time.sleep(120 / self.speed)  # two minutes of waiting for nobody
                self._act(api, tid, "no-show", {})
                self.tally.add("no_show")
                continue
            if roll < self.no_show_rate + self.transfer_rate and not ticket["transfer_count"]:
                others = [s for s in self.centre["services"] if s["id"] != ticket["service_id"]]
                self._act(api, tid, "transfer", {"service_id": rng.choice(others)["id"]})
                self.tally.add("transferred")
                continue
            self._act(api, tid, "start", {})
            service_s = max(
                30.0, rng.lognormvariate(0, 0.4) * 60 * minutes.get(ticket["service_id"], 8)
            )
            time.sleep(service_s / self.speed)
            self._act(api, tid, "finish", {})
            self.tally.add("served")
            if rng.random() < self.rating_rate:
                body = {
                    "ticket_id": tid,
                    "level": rng.choices(levels, weights)[0],
                    "idempotency_key": new_key("r"),
                }
                self._retry(lambda b=body: rater.request("POST", "/api/v1/ratings", b))
                self.tally.add("ratings")

    def _act(self, api: ApiClient, tid: str, action: str, extra: dict[str, Any]) -> Any:
        body = {**extra, "idempotency_key": new_key(action)}
        return self._retry(lambda: api.request("POST", f"/api/v1/tickets/{tid}/{action}", body))

    def _retry(self, call: Any) -> Any:
        """The same request (same idempotency key) until the server answers: a restart
        in the middle of the day loses and doubles nothing."""
        for _ in range(120):
            try:
                return call()
            except ServerUnreachable:
                time.sleep(0.25)
            except ApiError as e:
                with self.tally.lock:
                    self.tally.errors.append(f"{e.code}: {e.message}")
                return None
        raise ServerUnreachable("the server did not come back within 30 s")
