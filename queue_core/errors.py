"""Domain errors that carry a stable code and a message in Vietnamese and English.

The server maps each kind to an HTTP status; apps show `message` to people as it is.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the queue was broken by the request; nothing was changed."""

    kind = "invalid"

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")
        self.code = code
        self.vi = vi
        self.en = en

    @property
    def message(self) -> str:
        """Both languages, Vietnamese first, as people at the centre read it."""
        return f"{self.vi} / {self.en}"


class NotFound(DomainError):
    """The thing named in the request does not exist (for this centre)."""

    kind = "not_found"


class Conflict(DomainError):
    """The request is well-formed but the current state does not allow it."""

    kind = "conflict"


class Invalid(DomainError):
    """The request itself is wrong: unknown field values, bad combinations."""

    kind = "invalid"
