"""`AppTransport`: the server's ASGI app called in this process, no socket in between.

The app runs on its own event loop in a background thread, with its lifespan (start-up
and shutdown) as under uvicorn, so a test or a tool gets the real server — routes,
validation, database, event stream with replay — at the cost of a function call. The
app is any ASGI callable: this module does not import the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json as jsonlib
import queue
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Mapping, MutableMapping
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar
from urllib.parse import urlencode

from .transport import Reply, ServerUnreachable

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Coroutine[Any, Any, None]]
_END = ("end", None)
T = TypeVar("T")


class AppTransport:
    def __init__(self, app: ASGIApp, base_url: str = "http://testserver") -> None:
        self.app = app
        self.base_url = base_url.rstrip("/")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="asgi", daemon=True)
        self._thread.start()
        self._state: dict[str, Any] = {}
        self._lifespan: asyncio.Queue[Message] | None = None
        self._lifespan_done = threading.Event()
        self._run(self._startup(), 30)

    # ------------------------------------------------------------------ lifespan
    def _run(self, coro: Coroutine[Any, Any, T], timeout_s: float) -> T:
        fut = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return fut.result(timeout_s)
        except FutureTimeout:
            fut.cancel()
            raise ServerUnreachable(f"no answer in {timeout_s:.0f} s") from None

    async def _startup(self) -> None:
        inbox: asyncio.Queue[Message] = asyncio.Queue()
        started: asyncio.Future[None] = self._loop.create_future()
        self._lifespan = inbox
        await inbox.put({"type": "lifespan.startup"})

        async def send(msg: Message) -> None:
            kind = msg["type"]
            if kind == "lifespan.startup.complete" and not started.done():
                started.set_result(None)
            elif kind == "lifespan.startup.failed" and not started.done():
                started.set_exception(RuntimeError(msg.get("message", "start-up failed")))
            elif kind.startswith("lifespan.shutdown"):
                self._lifespan_done.set()

        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": self._state}
        self._loop.create_task(self.app(scope, inbox.get, send))
        await started

    def close(self) -> None:
        """Run the app's shutdown, then stop its loop."""
        if self._lifespan is not None and not self._loop.is_closed():
            inbox = self._lifespan
            self._loop.call_soon_threadsafe(inbox.put_nowait, {"type": "lifespan.shutdown"})
            self._lifespan_done.wait(10)
            self._lifespan = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    # ------------------------------------------------------------------ requests
    def _scope(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        body: bytes,
    ) -> dict[str, Any]:
        raw_path, _, query = path.partition("?")
        if params:
            query = "&".join(q for q in (query, urlencode(params)) if q)
        given = {k.lower(): str(v) for k, v in (headers or {}).items()}
        given.setdefault("host", "testserver")
        if body:
            given.setdefault("content-type", "application/json")
            given["content-length"] = str(len(body))
        hdrs = [(k.encode(), v.encode()) for k, v in given.items()]
        return {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method.upper(),
            "scheme": "http",
            "path": raw_path,
            "raw_path": raw_path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": hdrs,
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
            "state": dict(self._state),
        }

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 3.0,
    ) -> Reply:
        body = b"" if json is None else jsonlib.dumps(json).encode()
        return self.send(method, path, body, params=params, headers=headers, timeout_s=timeout_s)

    def send(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 10.0,
    ) -> Reply:
        """Any bytes as the body (tests send malformed JSON this way)."""
        scope = self._scope(method, path, params, headers, body)
        return self._run(self._call(scope, body), max(timeout_s, 10.0))

    async def _call(self, scope: dict[str, Any], body: bytes) -> Reply:
        done = asyncio.Event()
        status, headers, chunks = 500, {}, []
        pending = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> Message:
            if pending:
                return pending.pop()
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(msg: Message) -> None:
            nonlocal status, headers
            if msg["type"] == "http.response.start":
                status = msg["status"]
                headers = {k.decode().lower(): v.decode() for k, v in msg.get("headers", [])}
            elif msg["type"] == "http.response.body":
                chunks.append(msg.get("body", b""))
                if not msg.get("more_body"):
                    done.set()

        await self.app(scope, receive, send)
        done.set()
        return Reply(status, b"".join(chunks), headers)

    def stream(
        self, path: str, *, headers: Mapping[str, str], timeout_s: tuple[float, float]
    ) -> _AppStream:
        return _AppStream(self, self._scope("GET", path, None, headers, b""), timeout_s)


class _AppStream:
    """A streamed answer: the app runs on the transport's loop, its body chunks cross to
    the reading thread through a queue; close() tells the app the client went away."""

    def __init__(
        self, transport: AppTransport, scope: dict[str, Any], timeout_s: tuple[float, float]
    ) -> None:
        self._loop = transport._loop
        self._read_timeout = timeout_s[1]
        self._chunks: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._gone = threading.Event()
        self._disconnect: asyncio.Event | None = None
        self.headers: Mapping[str, str] = {}
        asyncio.run_coroutine_threadsafe(self._serve(transport.app, scope), self._loop)
        try:
            kind, value = self._chunks.get(timeout=max(timeout_s[0], 10.0))
        except queue.Empty:
            self.close()
            raise ServerUnreachable("no answer to the event stream") from None
        self.status = int(value) if kind == "start" else 500

    async def _serve(self, app: ASGIApp, scope: dict[str, Any]) -> None:
        self._disconnect = asyncio.Event()
        if self._gone.is_set():
            self._disconnect.set()
        pending = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive() -> Message:
            if pending:
                return pending.pop()
            assert self._disconnect is not None
            await self._disconnect.wait()
            return {"type": "http.disconnect"}

        async def send(msg: Message) -> None:
            if self._gone.is_set():
                raise OSError("client went away")
            if msg["type"] == "http.response.start":
                raw = msg.get("headers", [])
                self.headers = {k.decode().lower(): v.decode() for k, v in raw}
                self._chunks.put(("start", msg["status"]))
            elif msg["type"] == "http.response.body":
                if msg.get("body"):
                    self._chunks.put(("body", msg["body"]))
                if not msg.get("more_body"):
                    self._chunks.put(_END)

        with contextlib.suppress(OSError, asyncio.CancelledError):
            await app(scope, receive, send)
        self._chunks.put(_END)

    def lines(self) -> Iterator[str]:
        buffer = b""
        while not self._gone.is_set():
            try:
                kind, value = self._chunks.get(timeout=self._read_timeout)
            except queue.Empty:
                raise ServerUnreachable("the event stream went silent") from None
            if kind == "end":
                if not self._gone.is_set():
                    raise ServerUnreachable("the server ended the event stream")
                return
            buffer += value
            *complete, buffer = buffer.split(b"\n")
            for line in complete:
                yield line.decode("utf-8").rstrip("\r")

    def close(self) -> None:
        self._gone.set()
        self._chunks.put(_END)
        if self._disconnect is not None:
            self._loop.call_soon_threadsafe(self._disconnect.set)
