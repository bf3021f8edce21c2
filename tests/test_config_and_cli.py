"""The foundation: shipped configs are valid, broken ones give one clear line, every
subcommand has plain --help, unfinished ones say so and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from queue_client.device_config import CONFIG_MODELS, KioskConfig
from queue_core.centre import CentreConfig
from testkit.servers import TestServer
from xephang.configfile import ConfigError, load_toml
from xephang.paths import CONFIG_DIR, DEFAULT_CENTRE

SUBCOMMANDS = [
    "server",
    "kiosk",
    "display",
    "counter",
    "rating-pad",
    "demo",
    "devices",
    "report",
    "cccd",
    "scan",
    "simulate",
]


def xephang(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xephang", *args],
        check=False,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


def test_default_centre_is_realistic() -> None:
    c = load_toml(DEFAULT_CENTRE, CentreConfig)
    names = {s.name for s in c.services}
    assert names == {
        "Hộ tịch",
        "Chứng thực",
        "Hộ kinh doanh",
        "Đất đai",
        "Xây dựng",
        "Bảo trợ xã hội",
        "Trả kết quả",
    }
    assert len(c.counters) == 6 and all(s.procedures for s in c.services)
    elderly = c.priority_group("nguoi-cao-tuoi")
    assert elderly is not None and elderly.min_age == 60
    assert {p.id for p in c.priority_groups} >= {
        "nguoi-khuyet-tat",
        "phu-nu-mang-thai",
        "tre-em-duoi-6",
    }
    assert [lv.name for lv in c.satisfaction_levels] == [
        "Rất hài lòng",
        "Hài lòng",
        "Bình thường",
        "Không hài lòng",
    ]
    targets = {s.id: s.satisfaction_target for s in c.services}
    assert targets["dat-dai"] == targets["xay-dung"] == 0.85 and targets["ho-tich"] == 0.90


def test_every_shipped_toml_parses() -> None:
    import tomllib

    files = sorted(CONFIG_DIR.rglob("*.toml"))
    assert DEFAULT_CENTRE in files and len(files) == 5
    for f in files:
        tomllib.loads(f.read_text(encoding="utf-8"))
    for name, model in CONFIG_MODELS.items():
        cfg = load_toml(CONFIG_DIR / "devices" / f"{name}.toml", model)
        assert cfg.server.url.startswith("http")  # type: ignore[attr-defined]


def test_device_url_checked(tmp_path: Path) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text('[printer]\nurl = "lpt1"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_toml(bad, KioskConfig)
    assert "printer.url: device URL must start with one of escpos+usb:" in str(e.value)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: s.replace("avg_service_min = 8", 'avg_service_min = "tám"'),
            "services[0].avg_service_min: input should be a valid number",
        ),
        (
            lambda s: s.replace("[policy]", "[policy]\ninterleave = 2"),
            "policy.interleave: unknown key",
        ),
        (
            lambda s: s.replace(
                'services = ["ho-tich", "chung-thuc"]', 'services = ["ho-tich", "hon-nhan"]', 1
            ),
            "counter '01' serves unknown service 'hon-nhan'",
        ),
        (lambda s: s.replace('id = "hoang-mai"\n', ""), "centre.id: required key is missing"),
        (lambda s: s + "\n[[counters]\n", "not valid TOML"),
    ],
)
def test_broken_config_is_one_clear_line(tmp_path: Path, edit, expected: str) -> None:
    bad = tmp_path / "centre.toml"
    bad.write_text(edit(DEFAULT_CENTRE.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_toml(bad, CentreConfig)
    msg = str(e.value)
    assert msg.startswith(str(bad)) and expected in msg and "\n" not in msg
    run = xephang(
        "devices",
        "add",
        "--kind",
        "kiosk",
        "--name",
        "x",
        "--centre",
        str(bad),
        "--db",
        f"sqlite:///{tmp_path / 'x.db'}",
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and expected in run.stderr


def test_missing_config_file(tmp_path: Path) -> None:
    run = xephang("server", "--centre", str(tmp_path / "nope.toml"))
    assert run.returncode == 2 and "file not found" in run.stderr and "Traceback" not in run.stderr


def test_help_for_every_subcommand() -> None:
    top = xephang("--help")
    assert top.returncode == 0
    for name in SUBCOMMANDS:
        assert name in top.stdout
        sub = xephang(name, "--help")
        assert sub.returncode == 0 and "usage: xephang " + name in sub.stdout, name


def test_devices_add_prints_token_last(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    run = xephang("devices", "add", "--kind", "display", "--name", "TV sảnh", "--db", db)
    assert run.returncode == 0
    token = run.stdout.split()[-1]
    assert token.startswith("xhd_") and len(token) > 40
    staff = xephang(
        "staff",
        "add",
        "--username",
        "an",
        "--name",
        "Nguyễn An",
        "--db",
        db,
        stdin="mat-khau-dai\n",
    )
    assert staff.returncode == 0, staff.stderr
    again = xephang(
        "staff", "add", "--username", "an", "--name", "X", "--db", db, "--password", "12345678"
    )
    assert again.returncode == 2 and "already exists" in again.stderr


def test_demo_runs_headless_and_stops_by_itself(tmp_path: Path) -> None:
    import time

    import requests

    from testkit.postgres import free_port

    port = free_port()
    env = {**os.environ, "XEPHANG_DATA_DIR": str(tmp_path)}
    env.pop("XEPHANG_DB", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xephang",
            "demo",
            "--headless",
            "--minutes",
            "0.35",
            "--simulate",
            "900",
            "--port",
            str(port),
            "--data",
            "demo",  # relative: to where it runs, not to the filesystem root
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    healthy = False
    for _ in range(100):
        try:
            healthy = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            time.sleep(0.1)
        if healthy:
            break
    out, _ = proc.communicate(timeout=60)
    assert healthy and proc.returncode == 0, out
    token = (tmp_path / "tokens" / "kiosk.token").read_text().strip()
    from queue_client.device_config import DisplayConfig

    kiosk = load_toml(tmp_path / "demo" / "kiosk.toml", KioskConfig)
    display = load_toml(tmp_path / "demo" / "display.toml", DisplayConfig)
    assert kiosk.server.url == display.server.url == f"http://127.0.0.1:{port}"
    assert kiosk.printer.url == f"sim://{tmp_path / 'demo' / 'printer'}"
    assert "windows     none" in out
    assert token.startswith("xhd_") and "stopped" in out and "Phường".upper()[:4] in out.upper()
    # The same system without windows: a simulated day printed its tickets on the
    # simulated printer, and the offscreen display spoke its calls into WAV files.
    printed = sorted((tmp_path / "demo" / "printer").glob("ticket-*.png"))
    spoken = sorted((tmp_path / "demo" / "announcements").glob("*.wav"))
    assert len(printed) >= 5 and spoken, out
    issued = int(out.split("simulated: issued ")[1].split()[0])
    assert issued <= len(printed) <= issued + 1, out  # +1: stopped between print and count
    assert json.loads((tmp_path / "tokens" / "simulator.json").read_text())["counter"]
    # The director's report, right after, reads the demo's database and says so.
    report = subprocess.run(
        [sys.executable, "-m", "xephang", "report"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    assert f"sqlite:///{tmp_path / 'demo' / 'xephang.db'}" in report
    assert "Kỳ báo cáo" in report and "Kết quả" in report
    totals = next(line for line in report.splitlines() if line.strip().startswith("Tổng"))
    assert int(totals.split()[1]) >= issued > 0, report


def test_a_second_demo_on_a_busy_port_says_so_and_touches_nothing(tmp_path: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-m", "xephang", "demo", "--headless", "--port", str(port)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "XEPHANG_DATA_DIR": str(tmp_path)},
            timeout=60,
            check=False,
        )
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and f"port {port} is in use" in out.stderr
    assert not (tmp_path / "tokens").exists() and not (tmp_path / "demo").exists()


@pytest.mark.slow
def test_ctrl_c_stops_the_demo_quietly(tmp_path: Path) -> None:
    import signal
    import time

    import requests

    from testkit.postgres import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "xephang", "demo", "--headless", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "XEPHANG_DATA_DIR": str(tmp_path)},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # up, with the display's stream open
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.2)
    time.sleep(5)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert "Traceback" not in out and "XepHang demo stopped." in out, out
    assert len(out.splitlines()) < 20, out


def test_the_api_documentation_works_offline(server: TestServer) -> None:
    page = server.get("/docs")
    assert page.status_code == 200
    html = page.text
    assert (
        "cdn" not in html.lower() and "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in html
    )
    js = server.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.text) > 500_000
    assert server.get("/static/vendor/swagger-ui-dist/swagger-ui.css").status_code == 200
