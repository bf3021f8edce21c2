"""A link between a device and the in-process server that a test can cut: while cut,
every request fails as if the network were down and open event streams end (the
in-process twin of testkit.proxy.CuttableProxy, which cuts a real socket)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

from queue_client.transport import Reply, ServerUnreachable, Stream, Transport


class _LinkedStream:
    def __init__(self, link: CuttableLink, inner: Stream) -> None:
        self.link = link
        self.inner = inner
        self.status = inner.status
        self.headers = inner.headers

    def lines(self) -> Iterator[str]:
        for line in self.inner.lines():
            if not self.link.up:
                raise ServerUnreachable("link cut")
            yield line

    def close(self) -> None:
        self.inner.close()


class CuttableLink:
    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.base_url = inner.base_url
        self.up = True
        self._streams: list[_LinkedStream] = []
        self._lock = threading.Lock()

    def cut(self) -> None:
        self.up = False
        with self._lock:
            streams, self._streams = self._streams, []
        for s in streams:
            s.close()

    def restore(self) -> None:
        self.up = True

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
        if not self.up:
            raise ServerUnreachable("link cut")
        return self.inner.request(
            method, path, json=json, params=params, headers=headers, timeout_s=timeout_s
        )

    def stream(
        self, path: str, *, headers: Mapping[str, str], timeout_s: tuple[float, float]
    ) -> Stream:
        if not self.up:
            raise ServerUnreachable("link cut")
        s = _LinkedStream(self, self.inner.stream(path, headers=headers, timeout_s=timeout_s))
        with self._lock:
            self._streams.append(s)
        return s
