"""Read a TOML file into a pydantic model, failing with one line a person can act on.

The line names the file, the key and what was expected, e.g.
`config/centre.toml: counters[2].services: input should be a valid list, got 'ho-tich'`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from queue_core.centre import CentreConfig
from queue_core.validation import describe_errors

M = TypeVar("M", bound=BaseModel)


class ConfigError(Exception):
    """A configuration file is missing, unreadable or wrong; the message is one line."""


def load_toml(path: str | Path, model: type[M]) -> M:
    """Parse and validate `path` as `model`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: file not found (không tìm thấy tệp cấu hình)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: cannot read: {e}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: not valid TOML: {e}") from None
    return validate_mapping(data, model, str(p))


def validate_mapping(data: dict[str, Any], model: type[M], source: str) -> M:
    """Validate already-parsed data; `source` names where it came from in the message."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{source}: {describe_errors(e.errors(include_url=False))}") from None


def load_centres(paths: list[str] | None) -> list[CentreConfig]:
    """The centre files given (`--centre`), or the default centre."""
    from .paths import DEFAULT_CENTRE

    return [load_toml(p, CentreConfig) for p in (paths or [str(DEFAULT_CENTRE)])]
