"""What an officer's command sends and what it says afterwards.

`send` runs on the counter's worker (it may retry while the network is down); its
`Outcome` is applied on the UI thread. Every command ends with a line saying what
happened ("Đã ghi vắng mặt 1001 — F8 để gọi lại"), or why nothing did.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from queue_client.api import ApiError, ServerUnreachable
from queue_core.centre import CentreConfig
from queue_core.contract import TicketAction, TicketView
from queue_core.tickets import Status

from .session import CounterSession

UNREACHABLE = (
    "Mất kết nối máy chủ, lệnh chưa thực hiện. Vui lòng thử lại. "
    "/ Server unreachable, please retry."
)


@dataclass
class Outcome:
    action: str
    before: TicketView | None
    """The ticket at the counter when the command was sent."""
    current: TicketView | None = None
    answer: BaseModel | None = None
    said: str = ""
    error: str = ""
    connected: bool = True
    paused: bool | None = None


def send(
    session: CounterSession,
    centre: CentreConfig,
    action: str,
    before: TicketView | None,
    paused: bool,
    target: str | None = None,
    number: str | None = None,
) -> Outcome:
    out = Outcome(action, before, current=before)
    try:
        _send(session, centre, out, paused, target, number)
    except ApiError as e:
        out.current, out.error = before, e.message
    except ServerUnreachable:
        out.current, out.error, out.connected = before, UNREACHABLE, False
    return out


def _send(
    s: CounterSession,
    centre: CentreConfig,
    out: Outcome,
    paused: bool,
    target: str | None,
    number: str | None,
) -> None:
    cur, action = out.before, out.action
    if action == "call-next":
        out.current = s.call_next()
        closed = _closed(cur)
        if out.current is None:
            out.said = closed + "Không còn công dân chờ ở quầy này"
        else:
            out.said = f"{closed}Đã gọi {out.current.number}"
    elif action == "pause":
        out.answer = s.set_paused(not paused)
        out.paused = not paused
        out.said = (
            "Quầy đã tạm dừng — F7 để tiếp tục nhận công dân"
            if out.paused
            else "Quầy đã tiếp tục nhận công dân — F1 để gọi tiếp"
        )
    elif action == "call-number":
        found = s.find((number or "").strip())
        if not found:
            raise ApiError(
                404, "unknown_number", f"Không có số {number} hôm nay / No ticket {number} today"
            )
        t = found[0]
        assert t.id is not None
        if t.status is Status.NO_SHOW:
            out.current = s.act(t.id, TicketAction.RECALL, counter_id=s.counter_id)
            out.said = f"Đã gọi lại {t.number}"
        else:
            out.current = s.call_next(t.id)
            out.said = f"{_closed(cur)}Đã gọi {t.number}"
    elif action == "transfer":
        assert cur is not None and cur.id is not None and target is not None
        kind, _, ident = target.partition(":")
        out.answer = s.act(
            cur.id,
            TicketAction.TRANSFER,
            service_id=ident if kind == "service" else None,
            counter_id=ident if kind == "counter" else None,
        )
        out.current = None
        out.said = f"Đã chuyển {cur.number} sang {target_name(centre, target)}"
    else:
        assert cur is not None and cur.id is not None
        updated = s.act(cur.id, TicketAction(action))
        out.answer = updated
        out.current = None if updated.status in (Status.DONE, Status.NO_SHOW) else updated
        out.said = {
            "recall": f"Đã gọi lại {cur.number}",
            "no-show": f"Đã ghi vắng mặt {cur.number} — F8 để gọi lại",
            "start": f"Bắt đầu phục vụ {cur.number}",
            "finish": f"Đã hoàn thành {cur.number} — F1 để gọi tiếp",
        }[action]


def _closed(cur: TicketView | None) -> str:
    """Calling the next citizen closes the one at the counter: say how."""
    if cur is None or not cur.open:
        return ""
    if cur.status is Status.CALLED:
        return f"Đã ghi vắng mặt {cur.number} · "
    return f"Đã hoàn thành {cur.number} · "


def target_name(centre: CentreConfig, target: str) -> str:
    kind, _, ident = target.partition(":")
    if kind == "service":
        service = centre.service(ident)
        return service.name if service else ident
    counter = centre.counter(ident)
    return counter.name if counter else ident


def confirmation(action: str, cur: TicketView | None) -> str:
    """The question a command that would close the current ticket asks first."""
    if action != "call-next" or cur is None or not cur.open:
        return ""
    if cur.status is Status.CALLED:
        return f"{cur.number} chưa đến? Nhấn F1 lần nữa để ghi vắng mặt và gọi tiếp"
    return f"Đang phục vụ {cur.number}. Nhấn F1 lần nữa để hoàn thành và gọi tiếp"
