"""A device tells how its hardware is (paper low, scanner unplugged, …)."""

from __future__ import annotations

import json

from queue_core.clock import iso_local
from queue_core.contract import EventKind, HealthIn, HealthView, HelpIn, HelpView
from queue_core.errors import Invalid

from ..auth import Principal
from ..context import ServerContext
from ..storage import accounts
from ..transactions import Tx, run_once


def _device_id(p: Principal, vi: str, en: str) -> str:
    """The caller's device; a staff session is refused, saying what it tried."""
    if p.device_id is None:
        raise Invalid("not_a_device", f"Chỉ thiết bị mới {vi}", f"Only devices {en}")
    return p.device_id


def report_health(ctx: ServerContext, p: Principal, body: HealthIn) -> HealthView:
    device_id = _device_id(p, "báo trạng thái", "report health")
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


def ask_for_help(ctx: ServerContext, p: Principal, body: HelpIn) -> HelpView:
    """A citizen pressed a kiosk's help button: every counter and the console hear it."""
    device_id = _device_id(p, "gọi nhân viên hỗ trợ", "call for staff")

    def work(tx: Tx) -> HelpView:
        view = HelpView(
            device_id=device_id,
            name=p.name,
            kind=p.role.value,
            detail=body.detail,
            at=iso_local(tx.now),
        )
        tx.emit(EventKind.HELP_REQUESTED, view)
        return view

    done = run_once(ctx, p, body, "help", HelpView, work)
    assert done is not None
    return done
