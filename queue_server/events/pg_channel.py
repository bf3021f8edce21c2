"""What the NOTIFY sender and the LISTEN connection share: the channel, and how to
connect with the same arguments as the pool (so a multi-host URL — a primary and its
replica, target_session_attrs=read-write — means the same servers for all three)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

CHANNEL = "xephang_events"


ConnectArgs = tuple[list[Any], dict[str, Any]]


def connect_args(db_url: str) -> ConnectArgs:
    """psycopg.connect's arguments as SQLAlchemy's psycopg dialect makes them."""
    url = make_url(db_url).set(drivername="postgresql+psycopg")
    args, kwargs = url.get_dialect()().create_connect_args(url)
    return list(args), dict(kwargs)


def connect(connect_args: ConnectArgs) -> Any:
    """An autocommit connection of its own (LISTEN, NOTIFY), outside the pool."""
    import psycopg

    args, kwargs = connect_args
    return psycopg.connect(*args, **{**kwargs, "autocommit": True, "connect_timeout": 5})
