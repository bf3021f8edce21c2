"""Roles, what each may do, and the principal behind a request."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    COUNTER = "counter"
    RATING = "rating"
    MANAGER = "manager"
    ADMIN = "admin"


class Permission(StrEnum):
    READ = "read"
    ISSUE = "issue"
    COUNTER = "counter"
    RATE = "rate"
    REPORT = "report"
    SEE_CITIZEN = "see_citizen"
    MANAGE = "manage"
    """Change the installation: pair a TV (admins only)."""


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.KIOSK: frozenset({Permission.READ, Permission.ISSUE}),
    Role.DISPLAY: frozenset({Permission.READ}),
    Role.COUNTER: frozenset({Permission.READ, Permission.COUNTER, Permission.SEE_CITIZEN}),
    Role.RATING: frozenset({Permission.READ, Permission.RATE}),
    Role.MANAGER: frozenset({Permission.READ, Permission.REPORT, Permission.SEE_CITIZEN}),
    Role.ADMIN: frozenset(Permission),
}
STAFF_ROLES = frozenset({Role.COUNTER, Role.MANAGER, Role.ADMIN})
SESSION_HOURS = 12


@dataclass(frozen=True, slots=True)
class Principal:
    centre_id: str
    role: Role
    name: str
    device_id: str | None = None
    staff_id: str | None = None
    counter_id: str | None = None
    """A device bound to one counter may act only for that counter."""

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]

    @property
    def officer_id(self) -> str | None:
        return self.staff_id
