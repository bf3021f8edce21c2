"""`xephang report`: the centre's figures for a day, a range, a month, a quarter or a year."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .paths import current_database, shown_url


def add_command(sub: Any) -> None:
    r = sub.add_parser(
        "report",
        help="Print or export the centre's report for a day, month, quarter or year.",
        description="The centre's report read from the database: tickets, waiting and service "
        "times, satisfaction against target, by lĩnh vực, counter, officer and hour. Quarters run "
        "from the 15th of the month before to the 14th of the last month; years 15/12 to 14/12.",
    )
    r.add_argument("--from", dest="first", type=date.fromisoformat, help="first day, YYYY-MM-DD")
    r.add_argument("--to", dest="last", type=date.fromisoformat, help="last day, YYYY-MM-DD")
    r.add_argument("--period", help="day:2025-05-27, month:2025-05, quarter:2025Q4 or year:2025")
    r.add_argument("--format", choices=["table", "json", "xlsx", "png"], default="table")
    r.add_argument("--out", help="file (xlsx) or folder (png); default in the current folder")
    r.add_argument(
        "--db",
        help="database URL (default: the one the last server or demo used, else "
        "XEPHANG_DB or data/xephang.db)",
    )
    r.add_argument("--centre", action="append", metavar="FILE")
    r.add_argument("--centre-id")
    r.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from queue_core.clock import service_day
    from queue_core.errors import Invalid
    from queue_core.periods import parse_period, span
    from queue_server.provision import open_database
    from queue_server.reports import export as report_export
    from queue_server.reports import summary as reports

    from .server_cmd import _pick_centre

    cfg = _pick_centre(args.centre, args.centre_id)
    try:
        if args.period:
            period = parse_period(args.period)
        else:
            import time

            today = service_day(time.time())
            period = span(args.first or args.last or today, args.last or args.first or today)
    except Invalid as e:
        print(f"xephang report: {e.message}", file=sys.stderr)
        return 2
    url = args.db or current_database()
    db = open_database(url, [cfg])
    report = reports.summary(db, cfg, period.first, period.last)
    report["period"] = period.label
    dates = f"{period.first:%d/%m/%Y} – {period.last:%d/%m/%Y}"
    named = period.label if period.label not in (dates, str(period.first)) else ""
    print(
        f"Cơ sở dữ liệu / database: {shown_url(url)}\n"
        f"Kỳ báo cáo / period: {f'{named} ({dates})' if named else dates}",
        file=sys.stderr if args.format == "json" else sys.stdout,
    )
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif args.format == "table":
        print(report_export.table(report))
    elif args.format == "xlsx":
        path = Path(args.out or f"bao-cao-{period.first}-{period.last}.xlsx")
        report_export.workbook(report, path)
        print(f"wrote {path}")
    else:
        for path in report_export.charts(report, Path(args.out or "bao-cao")):
            print(f"wrote {path}")
    db.dispose()
    return 0
