"""Where a waiting ticket stands: how many are ahead and the estimated wait."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from queue_core.centre import CentreConfig, Counter
from queue_core.contract import TicketView
from queue_core.estimate import estimate_wait_s, recent_service_s
from queue_core.tickets import Status

from ..storage import counters as counter_rows
from ..storage import tickets as ticket_rows
from .rows import public_view


def position(
    conn: Connection, cfg: CentreConfig, row: Mapping[str, Any], paused: set[str]
) -> tuple[int, int | None]:
    """(tickets ahead, estimated seconds) for a waiting ticket, `paused` the centre's
    paused counters."""
    centre_id = row["centre_id"]
    ahead = ticket_rows.count_ahead(conn, row)
    service = cfg.service(row["service_id"])
    default_s = (service.avg_service_min if service else 10.0) * 60
    durations = ticket_rows.recent_durations(
        conn, centre_id, row["service_id"], cfg.policy.recent_service_count
    )
    if row["target_counter_id"]:
        open_counters = 0 if row["target_counter_id"] in paused else 1
    else:
        open_counters = sum(1 for c in calling(cfg, row) if c.id not in paused)
    return ahead, estimate_wait_s(ahead, recent_service_s(durations, default_s), open_counters)


def calling(cfg: CentreConfig, row: Mapping[str, Any]) -> list[Counter]:
    """The counters that may call a waiting ticket of its lĩnh vực: the lĩnh vực's own,
    and for a priority ticket the priority counters that serve it."""
    service = row["service_id"]
    own = [c for c in cfg.counters if service in c.services and not _waits_for_priority(c)]
    if not row["priority"]:
        return own
    return [*own, *(c for c in cfg.priority_counters(service) if c not in own)]


def _waits_for_priority(counter: Counter) -> bool:
    return counter.priority is not None and counter.priority.when_idle == "wait"


def with_position(conn: Connection, cfg: CentreConfig, row: Mapping[str, Any]) -> TicketView:
    """The public view with the ticket's place in its queue, its status page and, for a
    waiting priority ticket, the open priority counters that call it."""
    view = public_view(row, cfg)
    view.status_url = f"{cfg.centre.public_url.rstrip('/')}/t/{row['public_token']}"
    if row["status"] != Status.WAITING.value:
        view.waiting_ahead, view.estimated_wait_s = 0, 0
        return view
    paused = counter_rows.paused(conn, row["centre_id"])  # read once for both
    view.waiting_ahead, view.estimated_wait_s = position(conn, cfg, row, paused)
    if row["priority"]:
        priority = cfg.priority_counters(row["service_id"])
        view.priority_counters = [c.number for c in priority if c.id not in paused]
    return view
