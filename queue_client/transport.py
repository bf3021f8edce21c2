"""How the client reaches the server: a small seam with three sides (httpx's idea).

- `HttpTransport`: the real one, over requests, to a server on the network;
- `AppTransport` (queue_client.asgi): the server's ASGI app called in-process;
- `MockTransport`: a function answering each request, for tests of error handling.

A transport raises `ServerUnreachable` when no answer came (network, time-out); any
answer, 5xx included, comes back as a `Reply` for the client to judge.
"""

from __future__ import annotations

import json as jsonlib
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests


class ServerUnreachable(Exception):
    """No answer, a time-out, or a 5xx: retry later with the same idempotency key."""


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return jsonlib.loads(self.body)

    @property
    def status_code(self) -> int:
        """The name requests uses, so callers can hold either."""
        return self.status

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Stream(Protocol):
    """An open streamed answer (the event stream), read line by line."""

    status: int
    headers: Mapping[str, str]

    def lines(self) -> Iterator[str]: ...

    def close(self) -> None:
        """Thread-safe: ends `lines()` in the thread reading it."""


class Transport(Protocol):
    base_url: str

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 3.0,
    ) -> Reply: ...

    def stream(
        self, path: str, *, headers: Mapping[str, str], timeout_s: tuple[float, float]
    ) -> Stream: ...


class _RequestsStream:
    def __init__(self, resp: requests.Response) -> None:
        self.resp = resp
        self.status = resp.status_code
        self.headers: Mapping[str, str] = {k.lower(): v for k, v in resp.headers.items()}

    def lines(self) -> Iterator[str]:
        try:
            for raw in self.resp.iter_lines(decode_unicode=True):
                yield raw if isinstance(raw, str) else raw.decode()
        except (requests.RequestException, OSError, AttributeError, ValueError) as e:
            # AttributeError: http.client after close() pulled the socket from under it
            raise ServerUnreachable(str(e)) from None

    def close(self) -> None:
        # Closing a response another thread reads blocks until its next byte (up to a
        # keep-alive), so the close happens in the background.
        threading.Thread(target=self.resp.close, daemon=True).start()


class HttpTransport:
    def __init__(self, base_url: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()

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
        try:
            r = self.session.request(
                method,
                self.base_url + path,
                json=json,
                params=params or None,
                headers=dict(headers or {}),
                timeout=timeout_s,
            )
        except requests.RequestException as e:
            raise ServerUnreachable(str(e)) from None
        return Reply(r.status_code, r.content, dict(r.headers))

    def stream(
        self, path: str, *, headers: Mapping[str, str], timeout_s: tuple[float, float]
    ) -> Stream:
        try:
            resp = requests.get(
                self.base_url + path, headers=dict(headers), stream=True, timeout=timeout_s
            )
        except requests.RequestException as e:
            raise ServerUnreachable(str(e)) from None
        return _RequestsStream(resp)


@dataclass
class Request:
    method: str
    path: str
    json: Any
    params: Mapping[str, Any]
    headers: Mapping[str, str]


class _ListStream:
    def __init__(self, status: int, lines: list[str]) -> None:
        self.status = status
        self.headers: Mapping[str, str] = {"content-type": "text/event-stream"}
        self._lines = lines

    def lines(self) -> Iterator[str]:
        yield from self._lines

    def close(self) -> None:
        self._lines = []


class MockTransport:
    """Answers from a function: `handler(Request) -> Reply` (raise ServerUnreachable to
    play a dead network). Streams answer with the reply's body split into lines."""

    def __init__(self, handler: Callable[[Request], Reply], base_url: str = "http://mock") -> None:
        self.handler = handler
        self.base_url = base_url
        self.requests: list[Request] = []

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
        req = Request(method, path, json, dict(params or {}), dict(headers or {}))
        self.requests.append(req)
        return self.handler(req)

    def stream(
        self, path: str, *, headers: Mapping[str, str], timeout_s: tuple[float, float]
    ) -> Stream:
        reply = self.request("GET", path, headers=headers)
        return _ListStream(reply.status, reply.text.splitlines())
