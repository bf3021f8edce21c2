"""The board a browser display shows, built from the queue snapshot with the same words
as the Qt display (queue_core.screen_text): the page only places what it is given."""

from __future__ import annotations

from dataclasses import dataclass

from queue_core import screen_text as words
from queue_core.centre import CentreConfig
from queue_core.clock import epoch_of
from queue_core.contract import RecentCall, Snapshot


@dataclass(frozen=True)
class ScreenRow:
    counter_id: str
    label: str
    serving: str
    paused: bool
    priority: bool


@dataclass(frozen=True)
class ScreenCall:
    seq: int
    counter_id: str
    number: str
    line: str
    banner: str
    age_s: float
    """How long ago the call was made, by the server's clock (the TV's may be wrong)."""


@dataclass(frozen=True)
class ScreenBoard:
    rows: list[ScreenRow]
    waiting: list[tuple[str, int]]
    calls: list[ScreenCall]
    lines: list[str]
    """VỪA GỌI: always `CALL_LINES` lines, blank ones included, so nothing jumps."""
    last_seq: int


def _zone(cfg: CentreConfig, zone: set[str] | None) -> set[str]:
    return zone if zone else {c.id for c in cfg.counters}


def _is_recall(call: RecentCall, older: list[RecentCall]) -> bool:
    return any(o.number == call.number and o.counter_id == call.counter_id for o in older)


def screen_board(
    cfg: CentreConfig, snap: Snapshot, zone: set[str] | None, now: float
) -> ScreenBoard:
    shown = _zone(cfg, zone)
    rows = []
    for c in cfg.counters:
        if c.id not in shown:
            continue
        view = snap.counter(c.id)
        rows.append(
            ScreenRow(
                counter_id=c.id,
                label=words.counter_label(c.number),
                serving=view.current.number if view and view.current else "",
                paused=bool(view and view.paused),
                priority=c.priority is not None,
            )
        )
    recent = [x for x in snap.recent_calls if x.counter_id in shown]
    calls = []
    for i, x in enumerate(recent):
        number_at = x.counter_number or 0
        recall = _is_recall(x, recent[i + 1 :])
        calls.append(
            ScreenCall(
                seq=x.seq,
                counter_id=x.counter_id or "",
                number=x.number,
                line=words.recent_call_text(x.number, number_at, recall),
                banner=words.banner_text(x.number, number_at),
                age_s=round(max(0.0, now - epoch_of(x.called_at)), 1),
            )
        )
    lines = [c.line for c in calls[: words.CALL_LINES]]
    lines += [""] * (words.CALL_LINES - len(lines))
    return ScreenBoard(
        rows=rows,
        waiting=[(w.service_name, w.count) for w in snap.waiting],
        calls=calls,
        lines=lines,
        last_seq=snap.last_seq,
    )
