"""The rating pad's widgets: big face-and-word buttons, reason chips, thanks."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from queue_client.qt_redraw import clear_layout, coalesced

from .presenter import PadScreen, RatingPresenter

RED, TEXT, AMBER = "#B91C1C", "#1F2937", "#FBBF24"


def face_icon(mood: float, size: int = 96) -> QIcon:
    """A drawn face (emoji fonts are not on every kiosk): mood 1 smiles, -1 frowns."""
    pix = QPixmap(size, size)
    pix.fill(QColor(0, 0, 0, 0))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(TEXT), size / 24))
    p.setBrush(QColor("#FCD34D" if mood > 0.2 else "#FCA5A5" if mood < -0.5 else "#E5E7EB"))
    m = size / 16
    p.drawEllipse(QRectF(m, m, size - 2 * m, size - 2 * m))
    p.setBrush(QColor(TEXT))
    for x in (0.36, 0.64):
        p.drawEllipse(QRectF(size * x - size / 22, size * 0.38, size / 11, size / 11))
    p.setBrush(QColor(0, 0, 0, 0))
    path = QPainterPath()
    y, bend = size * 0.66, size * 0.14 * mood
    path.moveTo(size * 0.3, y - bend / 2)
    path.quadTo(size * 0.5, y + bend, size * 0.7, y - bend / 2)
    p.drawPath(path)
    p.end()
    return QIcon(pix)


def text(value: str, px: int, bold: bool = False, name: str = "") -> QLabel:
    w = QLabel(value)
    w.setWordWrap(True)
    w.setAlignment(Qt.AlignmentFlag.AlignCenter)
    w.setStyleSheet(
        f"font-family: 'Noto Sans'; font-size: {px}px; font-weight: {800 if bold else 400}; color: {TEXT};"
    )
    if name:
        w.setObjectName(name)
    return w


class RatingWindow(QWidget):
    def __init__(self, presenter: RatingPresenter) -> None:
        super().__init__()
        self.p = presenter
        self.setWindowTitle("XepHang — Đánh giá mức độ hài lòng")
        self.setStyleSheet(
            "QWidget { background: white; } QPushButton { font-family: 'Noto Sans'; "
            f"border-radius: 16px; border: 3px solid #D1D5DB; background: #F9FAFB; color: {TEXT}; }}"
        )
        self.root = QVBoxLayout(self)
        self.p.listeners.append(coalesced(self, self.refresh))
        self.timer = QTimer(self)
        self.timer.setInterval(500)
        self.timer.timeout.connect(self.p.tick)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        clear_layout(self.root)
        st = self.p.state
        if st.screen is PadScreen.IDLE:
            self.root.addWidget(text(self.p.centre.centre.name, 30, True), 1)
            self.root.addWidget(text("Xin cảm ơn Quý vị đã đến làm thủ tục", 28, name="idle"), 1)
            return
        if st.screen is PadScreen.THANKS:
            self.root.addWidget(text("Cảm ơn Quý vị!", 64, True, "thanks"), 1)
            return
        ticket = st.ticket
        self.root.addWidget(
            text(f"Số {ticket.number} · {ticket.service_name}" if ticket else "", 26)
        )
        if st.screen is PadScreen.ASK:
            self.root.addWidget(
                text(
                    "Quý vị đánh giá thế nào về việc giải quyết thủ tục hôm nay?",
                    34,
                    True,
                    "question",
                )
            )
            grid = QGridLayout()
            for i, (level, mood) in enumerate(self.p.levels()):
                b = QPushButton(level.name)
                b.setIcon(face_icon(mood))
                b.setIconSize(QSize(96, 96))
                b.setObjectName(f"level:{level.id}")
                b.setMinimumHeight(170)
                b.setStyleSheet(
                    f"font-size: 30px; font-weight: 700; background: {'#FEF3C7' if level.positive else '#F3F4F6'};"
                )
                b.clicked.connect(partial(self.p.choose, level.id))
                grid.addWidget(b, i // 2, i % 2)
            self.root.addLayout(grid)
        else:
            picked = self.p.chosen_level()
            if picked is not None:  # what was tapped, so a mis-tap is seen and undone
                self.root.addWidget(text(f"Quý vị đã chọn: {picked.name}", 28, True, "chosen"))
            self.root.addWidget(text("Điều gì chưa tốt? (có thể bỏ qua)", 34, True, "why"))
            grid = QGridLayout()
            for i, reason in enumerate(self.p.reason_choices):
                chosen = reason in st.reasons
                b = QPushButton(f"✓ {reason}" if chosen else reason)  # more than colour
                b.setObjectName(f"reason:{reason}")
                b.setMinimumHeight(90)
                b.setCheckable(True)
                b.setChecked(chosen)
                b.setStyleSheet(
                    f"font-size: 26px; background: {AMBER if chosen else '#F3F4F6'};"
                    + (" border: 4px solid #111827; font-weight: 700;" if chosen else "")
                )
                b.clicked.connect(partial(self.p.toggle_reason, reason))
                grid.addWidget(b, i // 2, i % 2)
            self.root.addLayout(grid)
            back = QPushButton("Quay lại")
            back.setObjectName("back")
            back.setMinimumHeight(90)
            back.setStyleSheet("font-size: 28px; font-weight: 700;")
            back.clicked.connect(self.p.back)
            self.root.addWidget(back)
            send = QPushButton("Gửi đánh giá")
            send.setObjectName("send")
            send.setMinimumHeight(110)
            send.setStyleSheet(
                f"font-size: 34px; font-weight: 700; background: {RED}; color: white; border: none;"
            )
            send.clicked.connect(self.p.send)
            self.root.addWidget(send)
