"""Server-Sent Events read over requests: id, event, data lines; comments are keep-alives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import requests


@dataclass
class Event:
    seq: int
    kind: str
    data: dict[str, Any]


def read_events(resp: requests.Response) -> Iterator[Event | None]:
    """Yield events; None for a keep-alive comment (so callers can observe liveness)."""
    seq: str | None = None
    kind = "message"
    data: list[str] = []
    for raw in resp.iter_lines(decode_unicode=True):
        line = raw if isinstance(raw, str) else raw.decode()
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
