"""The ticket state machine: every allowed move, and every forbidden one refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from queue_core import tickets as rules
from queue_core.errors import Conflict
from queue_core.tickets import Status, Ticket


def ticket(status: Status = Status.WAITING, **kw: object) -> Ticket:
    base = dict(
        id="t1",
        centre_id="c",
        number="1001",
        group_id="1",
        seq_no=1001,
        service_day=date(2025, 5, 27),
        service_id="ho-tich",
        status=status,
        issued_at=100.0,
    )
    base.update(kw)
    return Ticket(**base)  # type: ignore[arg-type]


def test_happy_path() -> None:
    t = rules.call(ticket(), "01", "officer", 200.0)
    assert (t.status, t.counter_id, t.called_at) == (Status.CALLED, "01", 200.0)
    t = rules.start(t, 210.0)
    t = rules.finish(t, 500.0)
    assert (t.status, t.started_at, t.finished_at) == (Status.DONE, 210.0, 500.0)


def test_finish_without_start_serves_from_the_call() -> None:
    t = rules.finish(rules.call(ticket(), "01", None, 200.0), 260.0)
    assert t.started_at == 200.0


def test_no_show_recall_window() -> None:
    t = rules.no_show(rules.call(ticket(), "01", None, 200.0), 230.0)
    back = rules.recall(t, 230.0 + 900, window_s=900)
    assert back.status is Status.CALLED and back.recall_count == 1 and back.counter_id == "01"
    with pytest.raises(Conflict) as e:
        rules.recall(t, 230.0 + 901, window_s=900)
    assert e.value.code == "no_show_expired"


def test_transfer_keeps_issue_time() -> None:
    t = rules.start(rules.call(ticket(), "01", None, 200.0), 210.0)
    moved = rules.transfer(t, "chung-thuc", None)
    assert moved.status is Status.WAITING and moved.issued_at == 100.0
    assert (
        moved.service_id == "chung-thuc" and moved.counter_id is None and moved.transfer_count == 1
    )
    to_counter = rules.transfer(t, None, "04")
    assert to_counter.service_id == "ho-tich" and to_counter.target_counter_id == "04"
    assert rules.call(to_counter, "04", None, 300.0).target_counter_id is None


ALLOWED = {
    "call": {Status.WAITING},
    "recall": {Status.CALLED, Status.NO_SHOW},
    "start": {Status.CALLED},
    "finish": {Status.CALLED, Status.SERVING},
    "no_show": {Status.CALLED},
    "transfer": {Status.WAITING, Status.CALLED, Status.SERVING},
    "cancel": {Status.WAITING, Status.CALLED, Status.NO_SHOW},
}


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("status", list(Status))
def test_transition_table(action: str, status: Status) -> None:
    t = ticket(
        status,
        called_at=150.0,
        counter_id="01",
        no_show_at=150.0 if status is Status.NO_SHOW else None,
    )
    do: Callable[[], Ticket] = {
        "call": lambda: rules.call(t, "01", None, 200.0),
        "recall": lambda: rules.recall(t, 200.0, 900),
        "start": lambda: rules.start(t, 200.0),
        "finish": lambda: rules.finish(t, 200.0),
        "no_show": lambda: rules.no_show(t, 200.0),
        "transfer": lambda: rules.transfer(t, "x", None),
        "cancel": lambda: rules.cancel(t, 200.0),
    }[action]
    if status in ALLOWED[action]:
        assert do().id == t.id
    else:
        with pytest.raises(Conflict) as e:
            do()
        assert e.value.code == "invalid_transition"
        assert "1001" in e.value.vi and "1001" in e.value.en
