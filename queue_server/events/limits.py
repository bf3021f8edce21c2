"""How many event streams this server process keeps open: per token (a device needs one
or two; a stuck client retrying must not take thousands) and in all (each costs a
socket and a little memory). Over either: 429 with Retry-After."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator

from ..http.errors import RateLimited


class StreamLimits:
    def __init__(self, per_token: int = 8, total: int = 4000) -> None:
        self.per_token = per_token
        self.total = total
        self._open: Counter[str] = Counter()
        self.open = 0

    def digests(self) -> list[str]:
        """The tokens (as digests) that have a stream open."""
        return list(self._open)

    def admit(self, token_digest: str) -> None:
        """Count a new stream, or refuse it."""
        if self._open[token_digest] >= self.per_token:
            raise RateLimited(
                "too_many_streams",
                f"Thiết bị này đã mở {self.per_token} luồng sự kiện; hãy đóng bớt",
                f"This token already has {self.per_token} event streams open",
                5,
            )
        if self.open >= self.total:
            raise RateLimited(
                "server_busy",
                "Máy chủ đang có quá nhiều kết nối; vui lòng thử lại",
                "The server has too many event streams open; retry soon",
                5,
            )
        self._open[token_digest] += 1
        self.open += 1

    def release(self, token_digest: str) -> None:
        self._open[token_digest] -= 1
        self.open -= 1
        if self._open[token_digest] <= 0:
            del self._open[token_digest]

    @contextlib.contextmanager
    def held(self, token_digest: str) -> Iterator[None]:
        try:
            yield
        finally:
            self.release(token_digest)
