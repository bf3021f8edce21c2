"""Priority counters and the interleave together, over random days: no ticket is lost or
served twice; no priority citizen waits past the bound while a counter that could call
them calls a normal ticket; a normal ticket is passed over by at most `interleave`
priority calls at a counter unless those were overdue; every call names its rule."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_core import tickets as rules
from queue_core.call_policy import Rule, choose, eligible, reason
from queue_core.centre import Counter, PriorityDesk
from queue_core.tickets import Status, Ticket

GROUPS = ["cao-tuoi", "khuyet-tat"]
COUNTERS = [
    Counter(id="1", number=1, name="Quầy 1", services=["a", "b"]),
    Counter(id="2", number=2, name="Quầy 2", services=["b"]),
    Counter(id="P", number=6, name="Quầy ưu tiên", services=["a"], priority=PriorityDesk()),
    Counter(
        id="Q",
        number=7,
        name="Quầy ưu tiên b",
        services=["b"],
        priority=PriorityDesk(services=["b"], when_idle="wait"),
    ),
]
MAX_WAIT = 30.0

op = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(["a", "b"]), st.sampled_from([None, *GROUPS])),
    st.tuples(
        st.just("call"), st.integers(0, len(COUNTERS) - 1), st.sampled_from(["finish", "keep"])
    ),
    st.tuples(st.just("wait"), st.integers(1, 20), st.just(None)),
)


@settings(max_examples=300, deadline=None)
@given(ops=st.lists(op, max_size=150), interleave=st.integers(0, 3))
def test_priority_counters_and_the_interleave(
    ops: list[tuple[object, ...]], interleave: int
) -> None:
    tickets: dict[str, Ticket] = {}
    streak = {c.id: 0 for c in COUNTERS}
    served: list[str] = []
    now, n = 0.0, 0
    for step in ops:
        now += 1.0
        kind, a, b = step
        if kind == "wait":
            now += float(a)  # type: ignore[arg-type]
            continue
        if kind == "issue":
            n += 1
            tickets[f"t{n}"] = Ticket(
                id=f"t{n}",
                centre_id="c",
                number=str(1000 + n),
                group_id="A",
                seq_no=n,
                service_day=date(2025, 1, 2),
                service_id=str(a),
                status=Status.WAITING,
                issued_at=now,
                priority=b,  # type: ignore[arg-type]
            )
            continue
        counter = COUNTERS[int(a)]  # type: ignore[call-overload]
        waiting = [t for t in tickets.values() if t.status is Status.WAITING]
        got = choose(waiting, counter, streak[counter.id], interleave, now=now, max_wait_s=MAX_WAIT)
        if got is None:
            assert not any(eligible(t, counter) for t in waiting)
            continue
        t = got.ticket
        assert eligible(t, counter) and t.status is Status.WAITING
        assert reason(got.rule, group_name=t.priority, streak=got.streak, interleave=interleave)
        if not t.is_priority:
            overdue = [
                w
                for w in waiting
                if w.is_priority and eligible(w, counter) and now - w.issued_at >= MAX_WAIT
            ]
            assert not overdue, "a normal call while a priority citizen waited past the bound"
            assert got.rule in (Rule.NORMAL, Rule.NORMAL_TURN, Rule.TRANSFERRED)
        else:
            assert got.rule in (
                Rule.PRIORITY,
                Rule.PRIORITY_OVERDUE,
                Rule.PRIORITY_COUNTER,
                Rule.TRANSFERRED,
            )
            if counter.priority is None and interleave > 0:
                normal_waits = any(not w.is_priority and eligible(w, counter) for w in waiting)
                if normal_waits and got.rule is not Rule.PRIORITY_OVERDUE:
                    assert streak[counter.id] < interleave, "the interleave was broken"
        if counter.priority is not None and counter.priority.when_idle == "wait":
            assert t.is_priority or t.target_counter_id == counter.id
        streak[counter.id] = got.streak
        called = rules.call(t, counter.id, None, now)
        if b == "finish":
            called = rules.start(called, now)
        tickets[t.id] = rules.finish(called, now)
        served.append(t.id)
    assert len(served) == len(set(served)), "a ticket was served twice"
    assert all(t.status in (Status.WAITING, Status.DONE) for t in tickets.values())
    assert sum(t.status is Status.DONE for t in tickets.values()) == len(served)
