"""Where a use case's database work runs: never on the event loop.

SQLite takes one writer at a time: writes go to the database's one writer thread (a
write waiting for the lock — held by another process, a backup, a stuck tool — waits
there, while the loop goes on serving reads, health checks and event streams); reads
run in the thread pool beside it (WAL). PostgreSQL waits on the network, so all its
work runs in the thread pool, where several centres overlap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from ..context import ServerContext

T = TypeVar("T")


async def db_call(ctx: ServerContext, fn: Callable[..., T], *args: Any, write: bool = True) -> T:
    """Run `fn(*args)` where its database work belongs; `write=False` for reads only."""
    writes = ctx.db.writes
    if write and writes is not None:
        return await asyncio.get_running_loop().run_in_executor(writes, partial(fn, *args))
    return await run_in_threadpool(fn, *args)
