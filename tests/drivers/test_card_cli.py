"""`xephang cccd parse` and `xephang scan image` as IT staff use them."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import cv2

from testkit.cards import card_photo, payload, random_payload


def xephang(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xephang", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cccd_parse_prints_json() -> None:
    text = payload(parents=("Lê Văn Hùng", "Phạm Thị Mai"))
    run = xephang("cccd", "parse", "--today", "2025-11-27", stdin=text + "\r\n")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) >= {
        "id_number",
        "old_id_number",
        "full_name",
        "date_of_birth",
        "issue_date",
        "sex",
        "address",
        "father_name",
        "mother_name",
        "warnings",
    }
    assert data["date_of_birth"] == "1960-03-15" and data["sex"] == "male"
    assert data["father_name"] == "Lê Văn Hùng" and data["warnings"] == []


def test_cccd_parse_rejects_with_reason_and_exit_2() -> None:
    for bad in ("https://example.com", "0002010102", "a|b|c"):
        run = xephang("cccd", "parse", stdin=bad)
        assert run.returncode == 2 and run.stdout == ""
        assert " / " in run.stderr and "Traceback" not in run.stderr and run.stderr.count("\n") == 1


def test_scan_image_prints_one_json_line_per_file(tmp_path: Path) -> None:
    rng = random.Random(11)
    text = random_payload(rng)
    good = tmp_path / "card.jpg"
    cv2.imwrite(str(good), card_photo(text, rng, hard=False))
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), card_photo(text, rng, hard=False)[:50, :50])
    missing = tmp_path / "nope.png"
    run = xephang("scan", "image", str(good), str(blank), str(missing))
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.returncode == 0
    assert lines[0] == {"path": str(good), "text": text}
    assert lines[1] == {"path": str(blank), "error": "no QR code found"}
    assert lines[2]["path"] == str(missing) and "cannot read" in lines[2]["error"]
