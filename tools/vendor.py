"""Vendor the browser files the server serves, from the npm registry (no CDN, no JS
build): each package's tarball is checked against the registry's sha512 integrity and
only the listed files are kept, under queue_server/static/vendor/<package>/.

    .venv/bin/python -m tools.vendor

The versions and files are listed in `VENDORED` below; the files are committed, so a
deployment never reaches the internet for them.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "queue_server" / "static" / "vendor"
VENDORED = {  # package → (version, files inside the tarball's package/ folder)
    "swagger-ui-dist": ("5.35.0", ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"]),
}


def fetch(package: str, version: str, files: list[str]) -> list[Path]:
    meta = json.load(urllib.request.urlopen(f"https://registry.npmjs.org/{package}/{version}"))
    tarball = urllib.request.urlopen(meta["dist"]["tarball"]).read()
    algo, _, expected = meta["dist"]["integrity"].partition("-")
    got = base64.b64encode(hashlib.new(algo, tarball).digest()).decode()
    if got != expected:
        raise SystemExit(f"{package}@{version}: integrity mismatch")
    out = ROOT / package
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        for name in files:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"{package}@{version}: no {name}")
            path = out / name
            path.write_bytes(member.read())
            written.append(path)
    (out / "VERSION").write_text(f"{package}@{version} {meta['dist']['integrity']}\n")
    return written


def main() -> None:
    for package, (version, files) in VENDORED.items():
        for path in fetch(package, version, files):
            print(f"wrote {path.relative_to(ROOT.parents[2])}")


if __name__ == "__main__":
    main()
