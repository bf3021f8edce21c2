"""Turn pydantic validation errors into one line a person can act on.

Shared by the config loader (files) and the server (request bodies), so both speak the
same way: 'key: what was expected, got what'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def format_location(loc: Sequence[int | str]) -> str:
    """('counters', 2, 'services') → 'counters[2].services'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def describe_error(
    err: Mapping[str, Any], skip_prefix: tuple[str, ...] = (), *, echo: bool = True
) -> str:
    """One pydantic error as 'key: expectation, got value'. `echo=False` (the server)
    names only the kind of value: a rejected ID number or QR payload is never sent back
    into a device's log."""
    loc = list(err.get("loc", ()))
    while loc and loc[0] in skip_prefix:
        loc.pop(0)
    key = format_location(loc)
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        text = "unknown key (not expected here)"
    elif kind == "missing":
        text = "required key is missing"
    else:
        msg = str(err.get("msg", "invalid value"))
        msg = msg.removeprefix("Value error, ")
        given = err.get("input")
        plain = echo and not isinstance(given, dict | list)
        shown = repr(given) if plain else _kind_of(given)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        text = f"{msg[:1].lower()}{msg[1:]}, got {shown}"
    return f"{key}: {text}" if key else text


def _kind_of(value: Any) -> str:
    if isinstance(value, str):
        return f"a text of {len(value)} characters"
    return type(value).__name__


def describe_errors(
    errors: Sequence[Mapping[str, Any]], skip_prefix: tuple[str, ...] = (), *, echo: bool = True
) -> str:
    """The first problem, with a count of the others."""
    if not errors:
        return "invalid value"
    first = describe_error(errors[0], skip_prefix, echo=echo)
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return first + more
