"""Server-Sent Events read from lines: id, event, data; comments are keep-alives."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from queue_core.contract import EventPayload, parse_payload

log = logging.getLogger("xephang.events")


@dataclass
class Event:
    seq: int
    kind: str
    data: dict[str, Any]

    @property
    def payload(self) -> EventPayload | None:
        """The typed payload (queue_core.contract); None for a kind this device does not
        know, or a payload that does not fit its kind (logged, never raised into a UI)."""
        try:
            return parse_payload(self.kind, self.data)
        except ValidationError as e:
            log.warning(
                "event %d (%s) does not fit its kind: %d errors",
                self.seq,
                self.kind,
                e.error_count(),
            )
            return None


def read_events(lines: Iterable[str]) -> Iterator[Event | None]:
    """Yield events; None for a keep-alive comment (so callers can observe liveness)."""
    seq: str | None = None
    kind = "message"
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield Event(int(seq or 0), kind, json.loads("\n".join(data)))
            seq, kind, data = None, "message", []
        elif line.startswith(":"):
            yield None
        elif line.startswith("id:"):
            seq = line[3:].strip()
        elif line.startswith("event:"):
            kind = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
