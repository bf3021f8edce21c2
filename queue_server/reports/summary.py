"""Figures a centre reports: tickets by outcome, waiting and service times, satisfaction,
broken down by service (lĩnh vực), counter and officer, over local service days."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from queue_core.centre import CentreConfig
from queue_core.clock import local_time
from queue_core.stats import share, summarize

from ..storage import accounts
from ..storage import ratings as rating_rows
from ..storage import tickets as ticket_rows
from ..storage.database import Database


def _figures(
    tickets: Iterable[Mapping[str, Any]],
    ratings: Mapping[str, Mapping[str, Any]],
    cfg: CentreConfig,
    target_s: float,
    satisfaction_target: float | None,
) -> dict[str, Any]:
    rows = list(tickets)
    status_count: dict[str, int] = defaultdict(int)
    for r in rows:
        status_count[r["status"]] += 1
    waits = [r["first_called_at"] - r["issued_at"] for r in rows if r["first_called_at"]]
    services = [
        r["finished_at"] - r["started_at"]
        for r in rows
        if r["status"] == "done" and r["started_at"] is not None and r["finished_at"] is not None
    ]
    positive_ids = {lv.id for lv in cfg.satisfaction_levels if lv.positive}
    rated = [ratings[r["id"]] for r in rows if r["id"] in ratings]
    by_level = {
        lv.id: sum(1 for x in rated if x["level"] == lv.id) for lv in cfg.satisfaction_levels
    }
    positive = sum(1 for x in rated if x["level"] in positive_ids)
    served = status_count["done"]
    rate = share(positive, len(rated))
    return {
        "issued": len(rows),
        "served": served,
        "no_show": status_count["no_show"],
        "cancelled": status_count["cancelled"],
        "waiting_or_open": status_count["waiting"]
        + status_count["called"]
        + status_count["serving"],
        "transferred": sum(1 for r in rows if r["transfer_count"]),
        "wait_s": summarize(waits),
        "service_s": summarize(services),
        "within_target_wait": share(sum(1 for w in waits if w <= target_s), len(waits)),
        "ratings": len(rated),
        "rating_share": share(len(rated), served),
        "ratings_by_level": by_level,
        "satisfaction_rate": rate,
        "priority_share": share(sum(1 for r in rows if r["priority"]), len(rows)),
        "satisfaction_target": satisfaction_target,
        "meets_target": None
        if rate is None or satisfaction_target is None
        else rate >= satisfaction_target,
    }


def summary(db: Database, cfg: CentreConfig, first: date, last: date) -> dict[str, Any]:
    """All figures for the centre's service days first..last (inclusive)."""
    cid = cfg.centre.id
    with db.read() as conn:
        tickets = ticket_rows.in_days(conn, cid, first.isoformat(), last.isoformat())
        ratings = rating_rows.of_tickets(conn, [t["id"] for t in tickets])
        officers = accounts.staff_names(conn, cid)
    target_s = cfg.policy.target_wait_min * 60
    default_target = 0.90

    def group(key: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for t in tickets:
            out[t[key] or "-"].append(t)
        return out

    by_service = []
    for s in cfg.services:
        mine = [t for t in tickets if t["service_id"] == s.id]
        by_service.append(
            {
                "service_id": s.id,
                "name": s.name,
                **_figures(mine, ratings, cfg, target_s, s.satisfaction_target),
            }
        )
    by_counter = []
    counters = group("counter_id")
    for c in cfg.counters:
        by_counter.append(
            {
                "counter_id": c.id,
                "name": c.name,
                **_figures(counters.get(c.id, []), ratings, cfg, target_s, default_target),
            }
        )
    by_officer = [
        {
            "officer_id": oid,
            "name": officers.get(oid, "—"),
            **_figures(rows, ratings, cfg, target_s, default_target),
        }
        for oid, rows in sorted(group("officer_id").items())
        if oid != "-"
    ]
    tz = ZoneInfo(cfg.centre.timezone)
    by_hour: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for t in tickets:
        by_hour[local_time(t["issued_at"], tz).hour].append(t)
    hours = [
        {
            "hour": h,
            "arrivals": len(rows),
            "wait_s": summarize(
                [r["first_called_at"] - r["issued_at"] for r in rows if r["first_called_at"]]
            ),
        }
        for h, rows in sorted(by_hour.items())
    ]
    by_priority = [
        {
            "group_id": gid,
            "name": name,
            "issued": len(mine := [t for t in tickets if t["priority"] == gid]),
            "wait_s": summarize(
                [t["first_called_at"] - t["issued_at"] for t in mine if t["first_called_at"]]
            ),
        }
        for gid, name in [(None, "Thường"), *((g.id, g.name) for g in cfg.priority_groups)]
    ]
    return {
        "centre_id": cid,
        "by_priority": by_priority,
        "centre_name": cfg.centre.name,
        "by_hour": hours,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "target_wait_min": cfg.policy.target_wait_min,
        "totals": _figures(tickets, ratings, cfg, target_s, default_target),
        "by_service": by_service,
        "by_counter": by_counter,
        "by_officer": by_officer,
    }
