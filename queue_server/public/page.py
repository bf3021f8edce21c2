"""The citizen's phone page behind the ticket's QR code: state and position, nothing personal."""

from __future__ import annotations

from html import escape

from queue_core.contract import PublicTicketView
from queue_core.tickets import Status

STATUS_TEXT = {
    Status.WAITING: "Đang chờ",
    Status.CALLED: "Đã được gọi — mời đến quầy",
    Status.SERVING: "Đang được phục vụ",
    Status.DONE: "Đã hoàn thành",
    Status.NO_SHOW: "Vắng mặt khi được gọi",
    Status.CANCELLED: "Đã huỷ",
}

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="20">
<title>{title}</title>
<style>
body{{font-family:"Be Vietnam Pro","Noto Sans",system-ui,sans-serif;margin:0;color:#1F2937;background:#fff}}
header{{background:#B91C1C;color:#fff;padding:12px 16px;font-weight:700;display:flex;align-items:center;gap:12px}}
header img{{height:40px;width:40px;background:#fff;border-radius:50%}}
main{{padding:16px;text-align:center}}
.num{{font-size:72px;font-weight:800;margin:8px 0}}
.state{{font-size:24px;font-weight:700}}
.call{{background:#F59E0B;color:#1F2937;padding:12px;border-radius:8px}}
p{{font-size:18px}}
</style></head>
<body><header>{centre}</header><main>{body}</main></body></html>
"""


def render_ticket_page(view: PublicTicketView | None) -> str:
    if view is None:
        return PAGE.format(
            title="Không tìm thấy phiếu",
            centre="XepHang",
            body="<p>Không tìm thấy phiếu này. / Ticket not found.</p>",
        )
    status = view.status
    lines = [
        f'<div class="num">{escape(view.number)}</div>',
        f"<p>Lĩnh vực: {escape(view.service_name)}</p>",
    ]
    state = escape(STATUS_TEXT.get(status, status.value))
    if status is Status.CALLED and view.counter_number:
        lines.append(f'<div class="state call">{state}: Quầy số {view.counter_number:02d}</div>')
    else:
        lines.append(f'<div class="state">{state}</div>')
    if status is Status.WAITING:
        lines.append(f"<p>Số người chờ trước Quý vị: <b>{view.waiting_ahead or 0}</b></p>")
        wait = view.estimated_wait_s
        if wait is not None:
            lines.append(f"<p>Thời gian chờ dự kiến: ~{max(1, round(wait / 60))} phút</p>")
    lines.append("<p><small>Trang tự cập nhật mỗi 20 giây.</small></p>")
    return PAGE.format(
        title=f"Số {escape(view.number)}",
        centre=(
            f'<img src="/api/v1/centres/{escape(view.centre_id)}/logo.png" alt="">'
            if view.centre_id
            else ""
        )
        + escape(view.centre_name),
        body="\n".join(lines),
    )
