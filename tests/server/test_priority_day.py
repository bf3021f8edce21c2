"""A simulated day at the default centre, whose counter 06 is a priority counter, with
citizens of every priority group: each call names the rule that chose it, the rules add
up to the interleave, no priority citizen waited past the bound while a counter that
could call them called someone else, and the reports show the priority share and waits."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from testkit.servers import InProcessServer
from xephang.day_sim import DaySim

RULES = {"priority", "priority_overdue", "priority_counter", "normal", "normal_turn", "transferred"}


def test_a_day_with_a_priority_counter(tmp_path: Path) -> None:
    srv = InProcessServer(f"sqlite:///{tmp_path / 'p.db'}", tmp_path).start()
    try:
        centre = srv.api("kiosk").centre()
        desk = centre.counter("06")
        assert desk is not None and desk.priority is not None
        tally = DaySim(srv.transport, srv.tokens, centre, speed=3000, scale=0.5, seed=22).run()
        assert not tally.errors and tally.priority >= 5
        report = srv.api("manager").report_calls()
        assert len(report.calls) >= tally.served
        assert report.overdue == []
        assert set(report.rule_counts) <= RULES
        assert (
            report.rule_counts.get("priority_counter", 0) > 0 and report.rule_counts["normal"] > 0
        )
        for call in report.calls:
            assert call.rule in RULES and call.reason
            if call.rule == "priority_counter":
                assert call.counter_id == "06" and call.priority
                assert call.reason.startswith("quầy ưu tiên — ")
            if call.rule == "priority":
                assert call.reason.startswith("ưu tiên — ") and "lượt ưu tiên" in call.reason
        interleave = report.priority_interleave
        for counter, calls in groupby(
            sorted(report.calls, key=lambda c: (c.counter_id or "", c.seq)),
            key=lambda c: c.counter_id,
        ):
            run = 0
            for c in calls:
                run = run + 1 if c.rule == "priority" else 0
                assert run <= interleave, (
                    f"counter {counter}: more priority calls in a row than the interleave"
                )
        groups = {c.priority for c in report.calls if c.priority}
        assert len(groups) >= 2  # a mix of groups
        summary = srv.api("manager").report_summary()
        assert summary.totals.priority_share is not None and summary.totals.priority_share > 0
        by_group = {g.group_id: g for g in summary.by_priority}
        assert by_group[None].name == "Thường" and by_group[None].issued > 0
        assert sum(g.issued for g in summary.by_priority) == summary.totals.issued
    finally:
        srv.stop()
