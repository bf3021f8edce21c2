"""Who is calling and what they may do: roles, tokens, logins, the per-route check."""

from .authenticator import Authenticator, LoginThrottled, Session, token_digest
from .passwords import hash_password, verify_password
from .roles import PERMISSIONS, SESSION_HOURS, STAFF_ROLES, Permission, Principal, Role

__all__ = [
    "PERMISSIONS",
    "SESSION_HOURS",
    "STAFF_ROLES",
    "Authenticator",
    "LoginThrottled",
    "Permission",
    "Principal",
    "Role",
    "Session",
    "hash_password",
    "token_digest",
    "verify_password",
]
