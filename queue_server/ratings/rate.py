"""A citizen's rating of the service just received: one per finished ticket."""

from __future__ import annotations

import json

from queue_core.clock import iso_local
from queue_core.contract import EventKind, RatingIn, RatingView
from queue_core.errors import Conflict, Invalid
from queue_core.tickets import Status

from ..auth import Principal
from ..context import ServerContext
from ..http.errors import Forbidden
from ..ids import new_id
from ..storage import ratings as rating_rows
from ..tickets.changes import load
from ..transactions import Tx, run_once


def rate(ctx: ServerContext, p: Principal, body: RatingIn) -> RatingView:
    cfg = ctx.centres.config(p.centre_id)
    level = cfg.level(body.level)
    if level is None:
        raise Invalid(
            "unknown_level",
            f"Không có mức đánh giá '{body.level}'",
            f"No satisfaction level '{body.level}'",
        )
    reasons = [r.strip()[:64] for r in body.reasons if r.strip()]

    def work(tx: Tx) -> RatingView:
        row = load(tx.conn, tx.centre_id, body.ticket_id)
        if p.counter_id is not None and row["counter_id"] != p.counter_id:
            raise Forbidden(
                "wrong_counter",
                "Phiếu này được phục vụ ở quầy khác",
                "This ticket was served at another counter",
            )
        if row["status"] != Status.DONE.value:
            raise Conflict(
                "ticket_not_finished",
                f"Số {row['number']} chưa được giải quyết xong",
                f"Ticket {row['number']} has not been served yet",
            )
        if rating_rows.exists_for(tx.conn, row["id"]):
            raise Conflict(
                "already_rated",
                f"Số {row['number']} đã được đánh giá",
                f"Ticket {row['number']} has already been rated",
            )
        rating_id = new_id()
        rating_rows.put(
            tx.conn,
            {
                "id": rating_id,
                "centre_id": tx.centre_id,
                "ticket_id": row["id"],
                "level": level.id,
                "reasons": json.dumps(reasons, ensure_ascii=False),
                "service_id": row["service_id"],
                "counter_id": row["counter_id"],
                "officer_id": row["officer_id"],
                "created_at": tx.now,
            },
        )
        view = RatingView(
            id=rating_id,
            ticket_id=row["id"],
            number=row["number"],
            level=level.id,
            level_name=level.name,
            positive=level.positive,
            reasons=reasons,
            service_id=row["service_id"],
            counter_id=row["counter_id"],
            created_at=iso_local(tx.now),
        )
        tx.emit(EventKind.RATING_RECORDED, view, ticket_id=row["id"], counter_id=row["counter_id"])
        return view

    done = run_once(ctx, p, body, "rate", RatingView, work)
    assert done is not None
    return done
