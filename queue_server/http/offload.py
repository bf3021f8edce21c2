"""Where a use case's database work runs.

SQLite work is short and serialised per database: it runs on the event loop, and
skipping the thread-pool hand-off doubles throughput on 2 cores. PostgreSQL waits on the
network, so it runs in the thread pool where several centres overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from ..context import ServerContext

T = TypeVar("T")


async def db_call(ctx: ServerContext, fn: Callable[..., T], *args: Any) -> T:
    if ctx.db.is_sqlite:
        return fn(*args)
    return await run_in_threadpool(fn, *args)
