"""The last number given per centre, service day and numbering group."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select

from . import schema

N = schema.number_seq
_where = (
    N.c.centre_id == bindparam("centre"),
    N.c.service_day == bindparam("day"),
    N.c.group_id == bindparam("grp"),
)
_get = select(N.c.last).where(*_where)
_put = N.insert()
_set = N.update().where(*_where).values(last=bindparam("seq_no"))


def last_number(conn: Connection, centre_id: str, day: str, group_id: str) -> int | None:
    value = conn.execute(_get, {"centre": centre_id, "day": day, "grp": group_id}).scalar()
    return None if value is None else int(value)


def set_last_number(
    conn: Connection, centre_id: str, day: str, group_id: str, seq_no: int, *, first: bool
) -> None:
    if first:
        conn.execute(
            _put, {"centre_id": centre_id, "service_day": day, "group_id": group_id, "last": seq_no}
        )
    else:
        conn.execute(_set, {"centre": centre_id, "day": day, "grp": group_id, "seq_no": seq_no})
