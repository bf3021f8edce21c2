"""The centre's report as a text table, an Excel workbook with native charts, or PNG
charts — Vietnamese labels, figures straight from `reports.summary`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

COLUMNS = [  # (label, key, kind)
    ("Số phiếu", "issued", "int"),
    ("Đã phục vụ", "served", "int"),
    ("Vắng mặt", "no_show", "int"),
    ("Đã huỷ", "cancelled", "int"),
    ("Chuyển", "transferred", "int"),
    ("Chờ TB (phút)", "wait_s.mean", "min"),
    ("Chờ trung vị", "wait_s.median", "min"),
    ("Chờ P90", "wait_s.p90", "min"),
    ("Chờ tối đa", "wait_s.max", "min"),
    ("Phục vụ TB (phút)", "service_s.mean", "min"),
    ("Phục vụ P90", "service_s.p90", "min"),
    ("Đúng hạn chờ", "within_target_wait", "pct"),
    ("Lượt đánh giá", "ratings", "int"),
    ("Tỷ lệ hài lòng", "satisfaction_rate", "pct"),
    ("Chỉ tiêu", "satisfaction_target", "pct"),
    ("Kết quả", "meets_target", "pass"),
]
SHEETS = [
    ("Theo lĩnh vực", "by_service"),
    ("Theo quầy", "by_counter"),
    ("Theo cán bộ", "by_officer"),
]


def _get(row: dict[str, Any], key: str) -> Any:
    value: Any = row
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def vn_date(iso: str) -> str:
    """2026-12-01 → 01/12/2026, as Vietnamese reports write dates."""
    y, m, d = iso[:10].split("-")
    return f"{d}/{m}/{y}"


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "pass":
        return "Đạt" if value else "Chưa đạt"
    if kind == "min":
        return round(value / 60, 1)
    if kind == "pct":
        return round(100 * value, 1)
    return value


def table(report: dict[str, Any]) -> str:
    """Plain text for a terminal: one block per breakdown, satisfaction against target."""
    period = f"{vn_date(report['from'])} → {vn_date(report['to'])}"
    out = [f"{report['centre_name']} — {period}", ""]
    shown = [
        "issued",
        "served",
        "no_show",
        "wait_s.mean",
        "wait_s.p90",
        "ratings",
        "satisfaction_rate",
        "satisfaction_target",
        "meets_target",
    ]
    heads = [c for c in COLUMNS if c[1] in shown]
    for title, key in [("Toàn trung tâm", None), *SHEETS]:
        rows = [{"name": "Tổng", **report["totals"]}] if key is None else report[key]
        out.append(title)
        out.append(f"  {'':28}" + "".join(f"{h[0]:>15}" for h in heads))
        for r in rows:
            cells = []
            for h in heads:
                v = _cell(_get(r, h[1]), h[2])
                text = "—" if v is None else f"{v} %" if h[2] == "pct" else str(v)
                cells.append(f"{text:>15}")
            out.append(f"  {str(r['name'])[:28]:28}" + "".join(cells))
        out.append("")
    return "\n".join(out)


def workbook(report: dict[str, Any], path: Path) -> Path:
    """One sheet per breakdown, numbers as numbers, native Excel bar charts."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B91C1C")
    summary = wb.active
    assert summary is not None
    summary.title = "Tổng hợp"
    summary.append([report["centre_name"]])
    summary.append([f"Kỳ báo cáo: {vn_date(report['from'])} đến {vn_date(report['to'])}"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([])
    for label, key, kind in COLUMNS:
        summary.append([label, _cell(_get(report["totals"], key), kind)])
    summary.column_dimensions["A"].width = 28
    for title, key in SHEETS:
        ws = wb.create_sheet(title)
        ws.append(["Tên", *[c[0] for c in COLUMNS]])
        for c in ws[1]:
            c.font, c.fill = head_font, head_fill
            c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            if c.column_letter != "A":
                ws.column_dimensions[c.column_letter].width = 13
        ws.row_dimensions[1].height = 34
        for r in report[key]:
            ws.append([r["name"], *[_cell(_get(r, k), kind) for _, k, kind in COLUMNS]])
        ws.column_dimensions["A"].width = 30
        if key == "by_service" and report[key]:
            chart = BarChart()
            chart.title = "Tỷ lệ hài lòng theo lĩnh vực (%)"
            col = 1 + [c[1] for c in COLUMNS].index("satisfaction_rate") + 1
            chart.add_data(
                Reference(ws, min_col=col, min_row=1, max_row=ws.max_row), titles_from_data=True
            )
            chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=ws.max_row))
            ws.add_chart(chart, f"A{ws.max_row + 3}")
    hours = wb.create_sheet("Theo giờ")
    hours.append(["Giờ", "Số phiếu", "Chờ TB (phút)"])
    for h in report["by_hour"]:
        hours.append([f"{h['hour']:02d}h", h["arrivals"], _cell(h["wait_s"]["mean"], "min")])
    if report["by_hour"]:
        chart = BarChart()
        chart.title = "Số phiếu theo giờ"
        chart.add_data(
            Reference(hours, min_col=2, min_row=1, max_row=hours.max_row), titles_from_data=True
        )
        chart.set_categories(Reference(hours, min_col=1, min_row=2, max_row=hours.max_row))
        hours.add_chart(chart, "E2")
    wb.save(path)
    return path


def charts(report: dict[str, Any], folder: Path) -> list[Path]:
    """PNG charts: waiting time by hour of arrival, satisfaction by service vs target."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    plt.rcParams["font.family"] = ["Noto Sans", "DejaVu Sans"]
    out = []
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    hours = report["by_hour"]
    by_hour = ax.bar(
        [f"{h['hour']:02d}h" for h in hours],
        [(h["wait_s"]["mean"] or 0) / 60 for h in hours],
        color="#B91C1C",
    )
    ax.set_title(
        "Thời gian chờ trung bình theo giờ lấy số — "
        f"{vn_date(report['from'])} → {vn_date(report['to'])}"
    )
    ax.set_ylabel("phút")
    ax.bar_label(by_hour, fmt="%.0f", padding=2)
    path = folder / "cho-theo-gio.png"
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    out.append(path)
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    services = [s for s in report["by_service"] if s["ratings"]]
    names = [f"{s['name']} ({s['ratings']} lượt)" for s in services]
    rates = [100 * (s["satisfaction_rate"] or 0) for s in services]
    colours = ["#15803D" if s["meets_target"] else "#B91C1C" for s in services]
    bars = ax.barh(names, rates, color=colours)
    ax.bar_label(bars, labels=[f"{r:.1f} %" for r in rates], padding=3)
    for i, s in enumerate(services):
        ax.plot([100 * s["satisfaction_target"]] * 2, [i - 0.4, i + 0.4], color="#1F2937", lw=2)
    ax.set_xlim(0, 110)
    ax.set_xlabel("% hài lòng — xanh: đạt chỉ tiêu, đỏ: chưa đạt; vạch đen: chỉ tiêu")
    ax.set_title(
        f"Mức độ hài lòng theo lĩnh vực — {vn_date(report['from'])} → {vn_date(report['to'])}"
    )
    path = folder / "hai-long-theo-linh-vuc.png"
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    out.append(path)
    return out
