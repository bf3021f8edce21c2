"""What every screenshot tool starts from: an offscreen Qt application and a real server
on a throw-away SQLite file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from testkit.servers import ServerProcess

DOCS = Path(__file__).parents[1] / "docs"


@contextmanager
def screenshot_session() -> Iterator[tuple[QApplication, Path, ServerProcess]]:
    """(the Qt application, a work folder, a running server); the server stops after."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        srv = ServerProcess(f"sqlite:///{work / 's.db'}", work).start()
        try:
            yield app, work, srv
        finally:
            srv.stop()
