"""A day's calls with the rule that chose each, read from the event log, and the check a
director asks for: no priority citizen waited past the bound while a counter that could
have called them called a normal ticket."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from queue_core.centre import CentreConfig
from queue_core.clock import epoch_of
from queue_core.contract import CallRecord, CallsReport, EventKind

from ..storage import event_log
from ..storage.database import Database


def calls_of_day(db: Database, cfg: CentreConfig, day: date) -> CallsReport:
    zone = ZoneInfo(cfg.centre.timezone)
    start = datetime.combine(day, time.min, zone).timestamp()
    end = datetime.combine(day + timedelta(days=1), time.min, zone).timestamp()
    with db.read() as conn:
        rows = event_log.of_kind_between(conn, cfg.centre.id, EventKind.CALLED.value, start, end)
    calls = []
    for seq, payload in rows:
        d = json.loads(payload)
        calls.append(
            CallRecord(
                seq=seq,
                called_at=d.get("called_at") or "",
                number=d["number"],
                counter_id=d.get("counter_id"),
                counter_number=d.get("counter_number"),
                service_id=d["service_id"],
                priority=d.get("priority"),
                priority_name=d.get("priority_name"),
                rule=d.get("call_rule"),
                reason=d.get("call_reason"),
                waited_s=round(epoch_of(d.get("called_at")) - epoch_of(d.get("issued_at")), 1),
            )
        )
    bound_s = cfg.policy.priority_max_wait_min * 60
    return CallsReport(
        day=day.isoformat(),
        priority_interleave=cfg.policy.priority_interleave,
        priority_max_wait_min=cfg.policy.priority_max_wait_min,
        calls=calls,
        rule_counts=dict(Counter(c.rule or "unknown" for c in calls)),
        overdue=[
            c
            for c in calls
            if c.priority and c.waited_s > bound_s and _passed_over(cfg, c, calls, bound_s)
        ],
    )


def _passed_over(cfg: CentreConfig, p: CallRecord, calls: list[CallRecord], bound_s: float) -> bool:
    """Did a counter that could call `p` call a normal ticket after `p` had waited the
    bound, before `p` was called?"""
    called = epoch_of(p.called_at)
    issued = called - p.waited_s
    for c in calls:
        at = epoch_of(c.called_at)
        if c.priority or not issued + bound_s < at < called:
            continue
        counter = cfg.counter(c.counter_id or "")
        if counter and (
            p.service_id in counter.services or counter.serves_priority_of(p.service_id)
        ):
            return True
    return False
