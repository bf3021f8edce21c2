"""Property tests of the queue rules over random days of issues, calls and outcomes.

A model centre is driven only through queue_core's pure functions. Whatever happens:
no ticket is lost, none is served twice, numbers are never reused, priority goes first
with the interleave bound, and within a class the oldest ticket is called first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_core import tickets as rules
from queue_core.call_policy import choose_next, eligible, next_streak, queue_order
from queue_core.centre import Counter, NumberingGroup
from queue_core.numbering import format_number, next_seq
from queue_core.tickets import Status, Ticket

COUNTERS = [
    Counter(id="1", number=1, name="Quầy 1", services=["a", "b"]),
    Counter(id="2", number=2, name="Quầy 2", services=["b"]),
    Counter(id="3", number=3, name="Quầy 3", services=["a"]),
]
GROUP = NumberingGroup(id="A", prefix="A", first=1, last=999, width=3)

op = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(["a", "b"]), st.booleans()),
    st.tuples(
        st.just("call"),
        st.integers(0, 2),
        st.sampled_from(["finish", "no_show", "transfer", "keep"]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(ops=st.lists(op, max_size=120), interleave=st.integers(0, 3))
def test_random_days_keep_the_rules(ops: list[tuple[object, ...]], interleave: int) -> None:
    tickets: dict[str, Ticket] = {}
    last: int | None = None
    streak = {c.id: 0 for c in COUNTERS}
    served: list[str] = []
    now = 0.0
    for step in ops:
        now += 1.0
        if step[0] == "issue":
            _, service, prio = step
            last = next_seq(GROUP, last)
            t = Ticket(
                id=f"t{last}",
                centre_id="c",
                number=format_number(GROUP, last),
                group_id="A",
                seq_no=last,
                service_day=date(2025, 1, 2),
                service_id=str(service),
                status=Status.WAITING,
                issued_at=now,
                priority="cao-tuoi" if prio else None,
            )
            tickets[t.id] = t
            continue
        _, ci, outcome = step
        counter = COUNTERS[int(str(ci))]
        waiting = [t for t in tickets.values() if t.status is Status.WAITING]
        chosen = choose_next(waiting, counter, streak[counter.id], interleave)
        mine = [t for t in waiting if eligible(t, counter)]
        if chosen is None:
            assert not mine
            continue
        # Priority first, unless the interleave bound says a normal ticket's turn has come.
        normals = [t for t in mine if not t.is_priority]
        prios = [t for t in mine if t.is_priority]
        if prios and not (normals and interleave and streak[counter.id] >= interleave):
            assert chosen.is_priority
        else:
            assert not chosen.is_priority or not normals
        same_class = [t for t in mine if t.is_priority == chosen.is_priority]
        assert queue_order(chosen) == min(queue_order(t) for t in same_class)
        if chosen.is_priority and normals and interleave:
            assert streak[counter.id] < interleave
        streak[counter.id] = next_streak(streak[counter.id], chosen)
        called = rules.call(chosen, counter.id, None, now)
        if outcome == "finish":
            called = rules.finish(called, now + 0.5)
            served.append(called.id)
        elif outcome == "no_show":
            called = rules.no_show(called, now + 0.5)
        elif outcome == "transfer":
            called = rules.transfer(called, "b" if called.service_id == "a" else "a", None)
            assert called.issued_at == chosen.issued_at
        tickets[called.id] = called
    assert len(served) == len(set(served)), "a ticket was served twice"
    numbers = [t.number for t in tickets.values()]
    assert len(numbers) == len(set(numbers)), "a number was reused"
    issued = sum(1 for s in ops if s[0] == "issue")
    assert len(tickets) == issued, "a ticket was lost"
    assert all(t.status in set(Status) for t in tickets.values())


@given(st.lists(st.booleans(), min_size=1, max_size=60), st.integers(1, 3))
def test_nobody_starves(prios: list[bool], interleave: int) -> None:
    """With priority tickets streaming in, a waiting normal ticket is called within
    interleave + 1 calls."""
    counter = COUNTERS[0]
    normal = Ticket(
        id="n",
        centre_id="c",
        number="A001",
        group_id="A",
        seq_no=1,
        service_day=date(2025, 1, 2),
        service_id="a",
        status=Status.WAITING,
        issued_at=0.0,
    )
    waiting = [normal] + [
        replace(
            normal,
            id=f"p{i}",
            number=f"A{i + 2:03d}",
            seq_no=i + 2,
            issued_at=float(i + 1),
            priority="cao-tuoi",
        )
        for i in range(interleave + 2)
    ]
    streak = 0
    called: list[str] = []
    while "n" not in called and len(called) <= interleave + 1:
        chosen = choose_next(waiting, counter, streak, interleave)
        assert chosen is not None
        called.append(chosen.id)
        streak = next_streak(streak, chosen)
        waiting = [t for t in waiting if t.id != chosen.id]
    assert "n" in called and len(called) <= interleave + 1
