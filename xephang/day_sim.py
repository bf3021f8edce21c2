"""A realistic day at a centre, driven through the real HTTP API at a chosen speed-up:
citizens arrive by the hour (morning peak), choose lĩnh vực by a realistic mix, some with
priority; counters call, serve for a time typical of the lĩnh vực, meet no-shows,
transfer a few, and the citizen rates most services. It is also the load generator for
the day benchmark.

Who acts is pluggable: by default the kiosk and every counter are plain HTTP clients
(`HttpKiosk`, `HttpDesk`); the end-to-end test puts the real Qt kiosk, a counter window
and a rating pad in their place for some of them, and the simulation stays the same."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from queue_client.api import ApiClient, ApiError, ServerUnreachable, new_key
from queue_client.transport import Transport
from queue_core.centre import CentreConfig
from queue_core.contract import (
    CallNextIn,
    IssueIn,
    Mutation,
    RatingIn,
    TicketAction,
    TicketView,
    TransferIn,
)

R = TypeVar("R")

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
    call_next_s: list[float] = field(default_factory=list)
    """How long each call-next took, seen from the counter (for the day benchmark)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, n: int = 1) -> None:
        with self.lock:
            setattr(self, what, getattr(self, what) + n)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Kiosk(Protocol):
    """Where the simulated citizens take their numbers."""

    def issue(self, service_id: str, priority: str | None) -> None: ...

    def settle(self) -> None:
        """The day's arrivals are over: return once every ticket has reached the server."""


class Desk(Protocol):
    """One counter: its officer's commands and its citizens' ratings."""

    def call_next(self) -> TicketView | None: ...

    def act(self, ticket: TicketView, action: TicketAction, to_service: str | None = None) -> None:
        """A command on the ticket; `to_service` is the transfer's target."""

    def rate(self, ticket: TicketView, level: str) -> None: ...


class _DayOver(Exception):
    """The measured slice ended while an officer was with a citizen."""


class Retrier:
    """The same request (same idempotency key) until the server answers: a restart in
    the middle of the day loses and doubles nothing. Refusals are counted as errors."""

    def __init__(self, tally: Tally, patience_s: float = 30.0) -> None:
        self.tally = tally
        self.patience_s = patience_s

    def __call__(self, call: Callable[[], R]) -> R | None:
        deadline = time.monotonic() + self.patience_s
        while time.monotonic() < deadline:
            try:
                return call()
            except ServerUnreachable:
                time.sleep(0.25)
            except ApiError as e:
                self.tally.error(f"{e.code}: {e.message}")
                return None
        raise ServerUnreachable(f"the server did not come back within {self.patience_s:.0f} s")


class HttpKiosk:
    def __init__(
        self,
        transport: Transport | str,
        token: str,
        retry: Retrier,
        on_ticket: Callable[[TicketView], object] | None = None,
    ) -> None:
        self.api = ApiClient(transport, token, timeout_s=10)
        self.retry = retry
        self.on_ticket = on_ticket
        """What the kiosk does with each ticket (the demo prints it on a simulated printer)."""

    def issue(self, service_id: str, priority: str | None) -> None:
        body = IssueIn(service_id=service_id, priority=priority, idempotency_key=new_key("sim"))
        ticket = self.retry(lambda: self.api.issue(body))
        if ticket is not None and self.on_ticket is not None:
            self.on_ticket(ticket)

    def settle(self) -> None:
        """Every ticket was acknowledged when it was issued."""


class HttpDesk:
    def __init__(
        self, transport: Transport | str, tokens: dict[str, str], counter_id: str, retry: Retrier
    ) -> None:
        self.api = ApiClient(transport, tokens["counter"], timeout_s=10)
        self.rater = self.api.with_token(tokens["rating"])
        self.counter_id = counter_id
        self.retry = retry

    def call_next(self) -> TicketView | None:
        body = CallNextIn(idempotency_key=new_key("call"))
        started = time.perf_counter()
        got = self.retry(lambda: self.api.call_next(self.counter_id, body))
        with self.retry.tally.lock:
            self.retry.tally.call_next_s.append(time.perf_counter() - started)
        return got

    def act(self, ticket: TicketView, action: TicketAction, to_service: str | None = None) -> None:
        assert ticket.id is not None
        ticket_id, key = ticket.id, new_key(action.value)
        body = (
            TransferIn(service_id=to_service, idempotency_key=key)
            if action is TicketAction.TRANSFER
            else Mutation(idempotency_key=key)
        )
        self.retry(lambda: self.api.act(ticket_id, action, body))

    def rate(self, ticket: TicketView, level: str) -> None:
        assert ticket.id is not None
        body = RatingIn(ticket_id=ticket.id, level=level, idempotency_key=new_key("r"))
        self.retry(lambda: self.rater.rate(body))


@dataclass
class DaySim:
    transport: Transport | str
    """The server: its URL, or a transport (in-process in tests)."""
    tokens: dict[str, str]
    """kiosk, counter, rating: device tokens."""
    centre: CentreConfig
    speed: float = 60.0
    """Simulated seconds per real second."""
    scale: float = 1.0
    """Multiplies the arrivals (0.2 for a small centre, 3 for a busy one)."""
    seed: int = 2025
    no_show_rate: float = 0.05
    transfer_rate: float = 0.03
    rating_rate: float = 0.6
    kiosk: Kiosk | None = None
    """Default: an `HttpKiosk`."""
    desks: dict[str, Desk] = field(default_factory=dict)
    """Counters driven by something else than an `HttpDesk`, by counter id."""
    first_call_within_s: float = 30.0
    """Simulated seconds over which the counters make their first call: 30 for a day
    that opens now; a typical service time for a slice taken mid-morning, where each
    officer is somewhere in serving a citizen (the day benchmark)."""
    stop_after_s: float | None = None
    """Real seconds after which nobody new arrives and the counters go home (benchmarks:
    a slice of the day instead of all of it)."""
    tally: Tally = field(default_factory=Tally)
    _deadline: float = float("inf")
    _holding: int = 0
    """Officers with a citizen (or a call on its way): nobody goes home while one does."""
    _holding_lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, hours: list[int] | None = None) -> Tally:
        rng = random.Random(self.seed)
        hours = hours or sorted(ARRIVALS_PER_HOUR)
        schedule = self.arrivals(rng, hours)
        retry = Retrier(self.tally)
        kiosk = self.kiosk or HttpKiosk(self.transport, self.tokens["kiosk"], retry)
        kiosk_done = threading.Event()
        if self.stop_after_s is not None:
            self._deadline = time.monotonic() + self.stop_after_s
        desks = [
            self.desks.get(c.id) or HttpDesk(self.transport, self.tokens, c.id, retry)
            for c in self.centre.counters
        ]
        threads = [threading.Thread(target=self._kiosk, args=(kiosk, schedule, kiosk_done))]
        threads += [
            threading.Thread(
                target=self._counter, args=(d, random.Random(rng.random()), kiosk_done)
            )
            for d in desks
        ]
        for t in threads:
            t.daemon = True
            t.start()
        for t in threads:
            t.join()
        return self.tally

    def arrivals(self, rng: random.Random, hours: list[int]) -> list[tuple[float, str, str | None]]:
        """(real seconds from start, service, priority group or None) for every citizen of
        the day: one in ten with priority, the groups in equal shares."""
        groups = [g.id for g in self.centre.priority_groups]
        out = []
        services, weights = zip(
            *[(s, w) for s, w in SERVICE_MIX.items() if self.centre.service(s) is not None],
            strict=False,
        )
        for i, hour in enumerate(hours):
            n = round(ARRIVALS_PER_HOUR.get(hour, 0) * self.scale)
            for _ in range(n):
                at = (i * 3600 + rng.uniform(0, 3600)) / self.speed
                service = rng.choices(services, weights)[0]
                group = rng.choice(groups) if rng.random() < 0.1 and groups else None
                out.append((at, service, group))
        return sorted(out, key=lambda x: x[0])

    def _kiosk(
        self, kiosk: Kiosk, schedule: list[tuple[float, str, str | None]], done: threading.Event
    ) -> None:
        start = time.monotonic()
        try:
            for at, service, priority in schedule:
                if start + at > self._deadline:
                    break
                time.sleep(max(0.0, at - (time.monotonic() - start)))
                kiosk.issue(service, priority)
                self.tally.add("issued")
                if priority:
                    self.tally.add("priority")
                with self.tally.lock:
                    self.tally.by_service[service] += 1
            kiosk.settle()
        except Exception as e:  # noqa: BLE001 - recorded: the day must still end
            self.tally.error(f"kiosk: {e!r}")
        finally:
            done.set()

    def _wait(self, simulated_s: float) -> bool:
        """Sleep that much simulated time, or until the deadline; False once it passed."""
        time.sleep(max(0.0, min(simulated_s / self.speed, self._deadline - time.monotonic())))
        return time.monotonic() < self._deadline

    def _counter(self, desk: Desk, rng: random.Random, kiosk_done: threading.Event) -> None:
        minutes = {s.id: s.avg_service_min for s in self.centre.services}
        levels, weights = zip(*LEVEL_MIX.items(), strict=False)
        empty_polls = 0
        self._wait(rng.uniform(0, self.first_call_within_s))  # not all at one instant
        try:
            while time.monotonic() < self._deadline:
                with self._holding_lock:  # counted before the call: see the check below
                    self._holding += 1
                ticket = desk.call_next()
                if ticket is None:
                    with self._holding_lock:
                        self._holding -= 1
                    empty_polls += 1
                    # The day ends for this officer only when no colleague still holds a
                    # citizen: one of them may yet transfer that citizen here.
                    if kiosk_done.is_set() and empty_polls > 3 and not self._holding:
                        return
                    self._wait(30)
                    continue
                empty_polls = 0
                try:
                    self._serve(desk, ticket, rng, minutes, levels, weights)
                finally:
                    with self._holding_lock:
                        self._holding -= 1
        except _DayOver:
            return
        except Exception as e:  # noqa: BLE001 - recorded: the other counters go on
            self.tally.error(f"counter: {e!r}")

    def _serve(
        self,
        desk: Desk,
        ticket: TicketView,
        rng: random.Random,
        minutes: dict[str, float],
        levels: tuple[str, ...],
        weights: tuple[float, ...],
    ) -> None:
        """One citizen at the counter, from the call to the end (or the day's end)."""
        roll = rng.random()
        if roll < self.no_show_rate:
            if not self._wait(120):  # two minutes of waiting for nobody
                raise _DayOver
            desk.act(ticket, TicketAction.NO_SHOW)
            self.tally.add("no_show")
            return
        if roll < self.no_show_rate + self.transfer_rate and not ticket.transfer_count:
            others = [s for s in self.centre.services if s.id != ticket.service_id]
            desk.act(ticket, TicketAction.TRANSFER, rng.choice(others).id)
            self.tally.add("transferred")
            return
        desk.act(ticket, TicketAction.START)
        service_s = max(30.0, rng.lognormvariate(0, 0.4) * 60 * minutes.get(ticket.service_id, 8))
        if not self._wait(service_s):
            raise _DayOver  # the measured slice is over mid-service
        desk.act(ticket, TicketAction.FINISH)
        self.tally.add("served")
        if rng.random() < self.rating_rate:
            desk.rate(ticket, rng.choices(levels, weights)[0])
            self.tally.add("ratings")
