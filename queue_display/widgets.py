"""The waiting-room TV: thin widgets drawing the presenter's board, to be read from 6–9 m.

QUẦY | ĐANG PHỤC VỤ on the left: each card holds the counter's number and the number it
serves at the same height (≥ 120 px at 1080 rows); only the newest call is lit, dark
#111827 on amber #FBBF24 (10:1). ĐANG CHỜ and VỪA GỌI (four fixed lines, recalls
marked) on the right, a reserved banner line for the call being spoken so nothing
jumps, and a footer with working hours, hotline and a scrolling notice. Sizes follow
the screen, and the board is laid out again when the window is resized.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from queue_client.qt_redraw import clear_layout, coalesced, logo_label
from queue_core import screen_text as words

from .presenter import DisplayPresenter, Row

RED, TEXT, GREY, LINE = "#B91C1C", "#1F2937", "#4B5563", "#E5E7EB"
AMBER, ON_AMBER = "#FBBF24", "#111827"
"""A lit card or banner: 10.7:1, well past the 7:1 of WCAG AAA for text read from afar."""


def text(
    value: str,
    px: int,
    *,
    bold: bool = False,
    color: str = TEXT,
    name: str = "",
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> QLabel:
    w = QLabel(value)
    w.setWordWrap(True)
    if name:
        w.setObjectName(name)
    w.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    w.setStyleSheet(
        f"font-family: 'Noto Sans'; font-size: {px}px; font-weight: {800 if bold else 400};"
        f" color: {color}; background: transparent;"
    )
    return w


class DisplayWindow(QWidget):
    def __init__(self, presenter: DisplayPresenter, logo: bytes | None = None) -> None:
        super().__init__()
        self.p = presenter
        self.logo = logo
        self.setWindowTitle("XepHang — Màn hình phòng chờ")
        self.setObjectName("display")
        self.setStyleSheet("QWidget#display { background: white; }")
        self.scale = 1.0
        self.portrait = False
        self.screen_h = 1080
        self.screen_w = 1920
        self._relayout = QTimer(self)  # a resize lays the board out again, once it settles
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(150)
        self._relayout.timeout.connect(lambda: self.fit(self.width(), self.height()))
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(0, 0, 0, 0)
        self.root.setSpacing(0)
        # The TV decides the size, not the content: a smaller screen shrinks the window
        # first, then `fit` lays the board out for it.
        self.root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._marquee_x = 0
        self.after_redraw: list[Callable[[], None]] = []
        """Called when the board has been redrawn (benchmarks measure to here)."""
        self.p.listeners.append(coalesced(self, self.refresh))  # a burst of changes, one redraw
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self._tick)
        self.clock_timer.start()
        self.marquee_timer = QTimer(self)
        self.marquee_timer.setInterval(40)
        self.marquee_timer.timeout.connect(self._scroll)
        self.marquee_timer.start()
        self.refresh()

    def px(self, at_1080: float) -> int:
        return max(8, round(at_1080 * self.scale))

    def fit(self, width: int, height: int) -> None:
        """Lay the board out for a screen of this size (text scales with the height)."""
        self.portrait = height > width
        self.scale = max(0.5, (width if self.portrait else height) / 1080)
        self.screen_h, self.screen_w = height, width
        self.refresh()
        self.root.activate()
        self.setMinimumSize(0, 0)
        self.resize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if (event.size().width(), event.size().height()) != (self.screen_w, self.screen_h):
            self._relayout.start()

    def _tick(self) -> None:
        self.p.tick()
        if hasattr(self, "clock"):
            self.clock.setText(self.p.now_text())

    def _scroll(self) -> None:
        if not hasattr(self, "notice"):
            return
        width = self.notice_box.width()
        self._marquee_x -= max(1, self.px(2))
        if self._marquee_x < -self.notice.sizeHint().width():
            self._marquee_x = width
        self.notice.move(self._marquee_x, 0)

    def refresh(self) -> None:
        clear_layout(self.root)
        self.root.addWidget(self._header())
        self.root.addWidget(self._banner())
        body = QWidget()
        hl = QVBoxLayout(body) if self.portrait else QHBoxLayout(body)
        hl.setContentsMargins(self.px(24), self.px(8), self.px(24), self.px(8))
        hl.setSpacing(self.px(24))
        hl.addWidget(self._board(), 62)
        hl.addWidget(self._side(), 38)
        self.root.addWidget(body, 1)
        self.root.addWidget(self._footer())
        for hook in self.after_redraw:
            hook()

    def _header(self) -> QWidget:
        c = self.p.centre.centre
        w = QFrame()
        w.setStyleSheet(f"background: {RED};")
        w.setFixedHeight(self.px(96))
        hl = QHBoxLayout(w)
        hl.setContentsMargins(self.px(28), 0, self.px(28), 0)
        if self.logo:
            hl.addWidget(logo_label(self.logo, self.px(76)))
        titles = QVBoxLayout()
        titles.addWidget(text(words.CENTRE_TITLE, self.px(26), bold=True, color="white"))
        titles.addWidget(text(c.unit, self.px(34), bold=True, color="white", name="unit"))
        hl.addLayout(titles, 1)
        self.clock = text(
            self.p.now_text(),
            self.px(34),
            bold=True,
            color="white",
            name="clock",
            align=Qt.AlignmentFlag.AlignRight,
        )
        hl.addWidget(self.clock)
        return w

    def _banner(self) -> QWidget:
        call = self.p.state.banner
        w = QFrame()
        w.setFixedHeight(self.px(112))
        if call is not None:
            w.setStyleSheet(f"background: {AMBER};")
            msg = words.banner_text(call.number, call.counter_number)
            label = text(
                msg,
                self.px(64),
                bold=True,
                color=ON_AMBER,
                name="banner",
                align=Qt.AlignmentFlag.AlignCenter,
            )
        else:
            w.setStyleSheet(f"background: white; border-bottom: 2px solid {LINE};")
            label = text(
                words.IDLE_BANNER,
                self.px(36),
                color=GREY,
                name="banner-idle",
                align=Qt.AlignmentFlag.AlignCenter,
            )
        QVBoxLayout(w).addWidget(label)
        return w

    def _board(self) -> QWidget:
        """Counters as cards, two columns when there are more than four: the counter's
        number and the number it serves side by side, both as large as the card allows."""
        rows = self.p.state.rows
        cols = 2 if len(rows) > 4 else 1
        lines = max(1, -(-len(rows) // cols))
        free = self.screen_h - self.px(96 + 112 + 110 + 70)  # header, banner, footer, margins
        available = round(free * (0.52 if self.portrait else 1.0))  # portrait: the lists go below
        gap = self.px(10)
        card_h = (available - gap * (lines - 1)) // lines
        board_w = (self.screen_w - self.px(72)) * (1.0 if self.portrait else 0.62)
        card_w = (board_w - gap * (cols - 1)) / cols
        # Six digits' width across the card ("06" and "1023", ~0.6 em each) and its height.
        number_px = int(min(self.px(180), card_h * 0.78, (card_w - self.px(48)) / 3.9))
        w = QWidget()
        g = QGridLayout(w)
        g.setContentsMargins(0, 0, 0, 0)
        g.setSpacing(gap)
        caption = text(words.BOARD_CAPTION, self.px(28), bold=True, color=GREY)
        caption.setFixedHeight(self.px(40))
        g.addWidget(caption, 0, 0, 1, cols)
        now = self.p.clock()
        for i, row in enumerate(rows):
            g.addWidget(
                self._card(row, card_h, number_px, row.highlight_until > now),
                1 + i // cols,
                i % cols,
            )
        g.setRowStretch(lines + 1, 1)
        return w

    def _card(self, row: Row, card_h: int, number_px: int, lit: bool) -> QFrame:
        card = QFrame()
        card.setObjectName(f"card:{row.counter_id}")
        card.setFixedHeight(card_h)
        ink = ON_AMBER if lit else TEXT
        card.setStyleSheet(
            f"QFrame#card\\:{row.counter_id} {{ background: {AMBER if lit else '#F3F4F6'};"
            f" border-radius: {self.px(14)}px; }}"
        )
        h = QHBoxLayout(card)
        h.setContentsMargins(self.px(16), self.px(2), self.px(16), self.px(2))
        h.setSpacing(self.px(12))
        left = QVBoxLayout()
        left.setSpacing(0)
        counter = text(
            words.counter_label(row.number),
            number_px,
            bold=True,
            color=RED if not lit else ON_AMBER,
            name=f"counter:{row.counter_id}",
            align=Qt.AlignmentFlag.AlignCenter,
        )
        left.addWidget(counter, 1)
        if row.priority:
            left.addWidget(
                text(
                    words.PRIORITY,
                    self.px(24),
                    bold=True,
                    color=ink,
                    name=f"priority:{row.counter_id}",
                    align=Qt.AlignmentFlag.AlignCenter,
                )
            )
        h.addLayout(left, 36)
        if row.paused:
            number = text(
                words.PAUSED,
                self.px(48),
                color=GREY,
                name=f"serving:{row.counter_id}",
                align=Qt.AlignmentFlag.AlignCenter,
            )
        else:
            number = text(
                row.serving or "—",
                number_px,
                bold=True,
                color=ink,
                name=f"serving:{row.counter_id}",
                align=Qt.AlignmentFlag.AlignCenter,
            )
        h.addWidget(number, 64)
        return card

    def _side(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(self.px(4))
        v.addWidget(text(words.WAITING_CAPTION, self.px(30), bold=True, color=GREY))
        for name, count in self.p.state.waiting:
            line = QHBoxLayout()
            line.addWidget(text(name, self.px(28)), 1)
            line.addWidget(
                text(
                    str(count),
                    self.px(32),
                    bold=True,
                    name=f"waiting:{name}",
                    align=Qt.AlignmentFlag.AlignRight,
                )
            )
            v.addLayout(line)
        v.addSpacing(self.px(16))
        v.addWidget(text(words.CALLS_CAPTION, self.px(30), bold=True, color=GREY))
        calls = self.p.state.calls[: words.CALL_LINES]
        for i in range(words.CALL_LINES):  # fixed lines: the list never changes height
            call = calls[i] if i < len(calls) else None
            slot = text(
                words.recent_call_text(call.number, call.counter_number, call.recall)
                if call
                else "",
                self.px(40 if i == 0 else 34),
                bold=i == 0,
                name=f"call:{i}",
            )
            slot.setWordWrap(False)
            slot.setFixedHeight(self.px(56))
            v.addWidget(slot)
        v.addStretch(1)
        return w

    def _footer(self) -> QWidget:
        c = self.p.centre.centre
        w = QFrame()
        w.setStyleSheet(f"background: {TEXT};")
        v = QVBoxLayout(w)
        v.setContentsMargins(self.px(24), self.px(6), self.px(24), self.px(6))
        v.setSpacing(self.px(2))
        top = QHBoxLayout()
        top.addWidget(text(words.hours_text(c.working_hours), self.px(24), color="white"), 1)
        if c.hotline:
            top.addWidget(
                text(words.hotline_text(c.hotline), self.px(24), bold=True, color="white")
            )
        if not self.p.state.connected:
            top.addWidget(
                text(f"  ● {words.RECONNECTING}", self.px(20), color="#FCD34D", name="reconnecting")
            )
        v.addLayout(top)
        self.notice_box = QWidget()
        self.notice_box.setFixedHeight(self.px(40))
        self.notice = text(c.notice or c.name, self.px(28), color="white", name="notice")
        self.notice.setWordWrap(False)  # one line that scrolls
        self.notice.setParent(self.notice_box)
        self.notice.adjustSize()
        self.notice.move(self._marquee_x, 0)
        v.addWidget(self.notice_box)
        return w
