"""Centre rows: the configuration copy kept beside the data, and the per-centre lock row
whose `last_seq` is the centre's event sequence."""

from __future__ import annotations

import json

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.exc import IntegrityError

from queue_core.centre import CentreConfig

from . import schema

C, CST = schema.centres, schema.centre_state

_lock = select(CST.c.last_seq).where(CST.c.centre_id == bindparam("centre")).with_for_update()
_last_seq = select(CST.c.last_seq).where(CST.c.centre_id == bindparam("centre"))
_set_seq = (
    CST.update().where(CST.c.centre_id == bindparam("centre")).values(last_seq=bindparam("seq"))
)
_last_seqs = select(CST.c.centre_id, CST.c.last_seq).where(
    CST.c.centre_id.in_(bindparam("centres", expanding=True))
)
_exists = select(C.c.id).where(C.c.id == bindparam("cid"))


def lock_centre(conn: Connection, centre_id: str) -> int:
    """Take the centre's write lock and return its last event sequence."""
    row = conn.execute(_lock, {"centre": centre_id}).first()
    if row is None:  # normally made at registration; be safe anyway
        try:
            with conn.begin_nested():
                conn.execute(CST.insert().values(centre_id=centre_id, last_seq=0))
        except IntegrityError:
            pass  # another writer (another server process) made it first
        row = conn.execute(_lock, {"centre": centre_id}).first()
        assert row is not None
    return int(row[0])


def set_last_seq(conn: Connection, centre_id: str, seq: int) -> None:
    conn.execute(_set_seq, {"centre": centre_id, "seq": seq})


def last_seq(conn: Connection, centre_id: str) -> int:
    return int(conn.execute(_last_seq, {"centre": centre_id}).scalar() or 0)


def last_seqs(conn: Connection, centre_ids: list[str]) -> dict[str, int]:
    """The last event sequence of each of these centres, in one query."""
    return {r.centre_id: int(r.last_seq) for r in conn.execute(_last_seqs, {"centres": centre_ids})}


def save_config(conn: Connection, cfg: CentreConfig, now: float) -> None:
    """Keep a copy of the centre's configuration beside its data (for reports)."""
    values = {
        "name": cfg.centre.name,
        "config_json": json.dumps(cfg.model_dump(), ensure_ascii=False),
        "updated_at": now,
    }
    if conn.execute(_exists, {"cid": cfg.centre.id}).first():
        conn.execute(C.update().where(C.c.id == cfg.centre.id).values(**values))
    else:
        conn.execute(C.insert().values(id=cfg.centre.id, **values))
