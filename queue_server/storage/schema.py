"""Tables. Every row carries its centre id; ids are globally unique strings.

Times are UTC epoch seconds (double precision) so both databases compare and
aggregate them the same way.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Double,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 3

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, nullable=False),
)

centres = Table(
    "centres",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("config_json", Text, nullable=False),
    Column("updated_at", Double, nullable=False),
)

centre_state = Table(
    "centre_state",
    metadata,
    Column("centre_id", String(40), primary_key=True),
    Column("last_seq", Integer, nullable=False),
)
"""One row per centre: its event sequence, and the row every writer locks first."""

number_seq = Table(
    "number_seq",
    metadata,
    Column("centre_id", String(40), nullable=False),
    Column("service_day", String(10), nullable=False),
    Column("group_id", String(8), nullable=False),
    Column("last", Integer, nullable=False),
    PrimaryKeyConstraint("centre_id", "service_day", "group_id"),
)

counter_state = Table(
    "counter_state",
    metadata,
    Column("centre_id", String(40), nullable=False),
    Column("counter_id", String(16), nullable=False),
    Column("paused", Boolean, nullable=False, default=False),
    Column("current_ticket_id", String(32)),
    Column("priority_streak", Integer, nullable=False, default=0),
    Column("officer_id", String(32)),
    Column("updated_at", Double, nullable=False),
    PrimaryKeyConstraint("centre_id", "counter_id"),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("centre_id", String(40), nullable=False),
    Column("service_day", String(10), nullable=False),
    Column("group_id", String(8), nullable=False),
    Column("seq_no", Integer, nullable=False),
    Column("number", String(12), nullable=False),
    Column("service_id", String(40), nullable=False),
    Column("first_service_id", String(40), nullable=False),
    Column("procedure_id", String(40)),
    Column("priority", String(40)),
    Column("status", String(12), nullable=False),
    Column("issued_at", Double, nullable=False),
    Column("called_at", Double),
    Column("first_called_at", Double),
    Column("started_at", Double),
    Column("finished_at", Double),
    Column("no_show_at", Double),
    Column("cancelled_at", Double),
    Column("counter_id", String(16)),
    Column("target_counter_id", String(16)),
    Column("officer_id", String(32)),
    Column("recall_count", Integer, nullable=False, default=0),
    Column("transfer_count", Integer, nullable=False, default=0),
    Column("issued_offline", Boolean, nullable=False, default=False),
    Column("kiosk_id", String(32)),
    Column("public_token", String(32), nullable=False, unique=True),
    Column("citizen_name", Text),
    Column("citizen_id_masked", String(16)),
    Column("citizen_birth_year", Integer),
    Column("citizen_purge_at", Double),
    Column("from_counter_id", String(16)),  # v2: who transferred it
    Column("call_rule", String(24)),  # v2: why it was last called (call_policy.Rule)
    Column("call_reason", Text),  # v2: the same in words
    UniqueConstraint("centre_id", "service_day", "group_id", "seq_no", name="uq_ticket_number"),
)
# Covers the "tickets ahead" count and call-next's candidates without reading rows.
Index(
    "ix_tickets_queue",
    tickets.c.centre_id,
    tickets.c.status,
    tickets.c.service_day,
    tickets.c.service_id,
    tickets.c.target_counter_id,
    tickets.c.priority,
    tickets.c.issued_at,
    tickets.c.seq_no,
)
# Tickets transferred to one counter, for that counter's call-next.
Index(
    "ix_tickets_targeted",
    tickets.c.centre_id,
    tickets.c.status,
    tickets.c.service_day,
    tickets.c.target_counter_id,
    tickets.c.priority,
    tickets.c.issued_at,
    tickets.c.seq_no,
)
# The latest service times of a service, for the waiting estimate.
Index(
    "ix_tickets_done",
    tickets.c.centre_id,
    tickets.c.service_id,
    tickets.c.status,
    tickets.c.finished_at,
)
Index("ix_tickets_day", tickets.c.centre_id, tickets.c.service_day)
Index("ix_tickets_purge", tickets.c.citizen_purge_at)

events = Table(
    "events",
    metadata,
    Column("centre_id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("ticket_id", String(32)),
    Column("counter_id", String(16)),
    Column("payload", Text, nullable=False),
    Column("created_at", Double, nullable=False),
    PrimaryKeyConstraint("centre_id", "seq"),
)

idempotency = Table(
    "idempotency",
    metadata,
    Column("centre_id", String(40), nullable=False),
    Column("key", String(80), nullable=False),
    Column("endpoint", String(80), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", Text),
    Column("created_at", Double, nullable=False),
    PrimaryKeyConstraint("centre_id", "key"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("centre_id", String(40), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("counter_id", String(16)),
    Column("created_at", Double, nullable=False),
    Column("revoked_at", Double),
    Column("last_seen_at", Double),
    Column("health_json", Text),
)

screen_pairings = Table(
    "screen_pairings",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", Double, nullable=False),
    Column("expires_at", Double, nullable=False),
    Column("centre_id", String(40)),
    Column("device_id", String(32)),
    Column("label", String(40)),
    Column("zone", String(200)),
)
"""A TV asking to be paired (the code it shows, the digest of the token it made itself),
and, once staff entered the code, the display it became. Rows go when they expire."""

staff = Table(
    "staff",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("centre_id", String(40), nullable=False),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", Double, nullable=False),
    Column("disabled_at", Double),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("staff_id", String(32), nullable=False),
    Column("centre_id", String(40), nullable=False),
    Column("expires_at", Double, nullable=False),
    Column("counter_id", String(16)),  # v2: the counter chosen at login
    Column("revoked_at", Double),  # v2: logout or the account disabled
)

audit = Table(
    "audit",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("centre_id", String(40), nullable=False),
    Column("at", Double, nullable=False),
    Column("actor_kind", String(8), nullable=False),  # staff | device | cli
    Column("actor_id", String(32)),
    Column("actor_name", Text, nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(64)),
    Column("detail", Text, nullable=False, default=""),
    Column("client", String(64)),
)
Index("ix_audit_centre_time", audit.c.centre_id, audit.c.at)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(128), primary_key=True),  # 'user:NAME' or 'addr:IP'
    Column("failures", Integer, nullable=False),
    Column("last_at", Double, nullable=False),
    Column("locked_until", Double, nullable=False),
)

health_probe = Table(
    "health_probe",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Double, nullable=False),
)

ratings = Table(
    "ratings",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("centre_id", String(40), nullable=False),
    Column("ticket_id", String(32), nullable=False, unique=True),
    Column("level", String(40), nullable=False),
    Column("reasons", Text, nullable=False),
    Column("service_id", String(40), nullable=False),
    Column("counter_id", String(16)),
    Column("officer_id", String(32)),
    Column("created_at", Double, nullable=False),
)
Index("ix_ratings_centre_time", ratings.c.centre_id, ratings.c.created_at)
