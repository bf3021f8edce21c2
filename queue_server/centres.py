"""The centres this server hosts: their configuration, time zone and service day."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from zoneinfo import ZoneInfo

from queue_core.centre import CentreConfig, Service
from queue_core.clock import service_day
from queue_core.errors import NotFound

from .storage import centres as centre_rows
from .storage.database import Database


class CentreDirectory:
    def __init__(self, centres: Iterable[CentreConfig]) -> None:
        self._configs: dict[str, CentreConfig] = {c.centre.id: c for c in centres}
        self._zones = {cid: ZoneInfo(c.centre.timezone) for cid, c in self._configs.items()}

    def config(self, centre_id: str) -> CentreConfig:
        cfg = self._configs.get(centre_id)
        if cfg is None:
            raise NotFound(
                "unknown_centre",
                f"Máy chủ không phục vụ trung tâm {centre_id}",
                f"This server does not host centre {centre_id}",
            )
        return cfg

    def tz(self, centre_id: str) -> ZoneInfo:
        self.config(centre_id)
        return self._zones[centre_id]

    def today(self, centre_id: str, now: float) -> str:
        """The centre's service day at `now`, as 'YYYY-MM-DD' (local midnight starts it)."""
        return service_day(now, self.tz(centre_id)).isoformat()

    def __contains__(self, centre_id: object) -> bool:
        return centre_id in self._configs

    def __iter__(self) -> Iterator[str]:
        return iter(self._configs)

    def as_mapping(self) -> Mapping[str, CentreConfig]:
        return dict(self._configs)


def register_centres(db: Database, centres: Iterable[CentreConfig]) -> None:
    """Keep a copy of each centre's configuration beside its data (for reports), and
    make sure its event-sequence row exists before concurrent writers need it."""
    with db.write() as conn:
        for cfg in centres:
            centre_rows.save_config(conn, cfg, time.time())
            centre_rows.lock_centre(conn, cfg.centre.id)


def service_of(cfg: CentreConfig, service_id: str) -> Service:
    """The lĩnh vực a request names, or a clear 404."""
    service = cfg.service(service_id)
    if service is None:
        raise NotFound(
            "unknown_service", f"Không có lĩnh vực '{service_id}'", f"No service '{service_id}'"
        )
    return service
