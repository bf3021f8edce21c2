"""A device tells how its hardware is (paper low, scanner unplugged, …)."""

from __future__ import annotations

import json

from queue_core.clock import iso_local
from queue_core.contract import EventKind, HealthIn, HealthView
from queue_core.errors import Invalid

from ..auth import Principal
from ..context import ServerContext
from ..storage import accounts
from ..transactions import Tx, run_once


def report_health(ctx: ServerContext, p: Principal, body: HealthIn) -> HealthView:
    if p.device_id is None:
        raise Invalid(
            "not_a_device", "Chỉ thiết bị mới báo trạng thái", "Only devices report health"
        )
    device_id = p.device_id
    report = {"device": body.device, "state": body.state, "detail": body.detail}

    def work(tx: Tx) -> HealthView:
        accounts.set_device_health(
            tx.conn, device_id, json.dumps(report, ensure_ascii=False), tx.now
        )
        view = HealthView(
            device_id=device_id, name=p.name, kind=p.role.value, **report, at=iso_local(tx.now)
        )
        tx.emit(EventKind.DEVICE_HEALTH, view)
        return view

    done = run_once(ctx, p, body, "health", HealthView, work)
    assert done is not None
    return done
