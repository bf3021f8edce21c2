"""The kiosk's Qt widgets: thin, they draw what the presenter says and pass touches on."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from queue_client.qt_redraw import clear_layout, logo_label

from .controls import (
    LongPressCorner,
    button,
    label,
    style_label,
    touch_list,
    wrapped,
)
from .look import FONT, GREY, RED, TEXT, Look
from .lookup_screens import LookupScreens
from .presenter import KioskPresenter
from .staff_screens import StaffScreens
from .state import Screen


class KioskWindow(QWidget, StaffScreens, LookupScreens):
    def __init__(
        self, presenter: KioskPresenter, portrait: bool = True, logo: bytes | None = None
    ) -> None:
        super().__init__()
        self.p = presenter
        self.portrait = portrait
        self.look = Look()
        self.setObjectName("kiosk")
        self.setStyleSheet(self.look.style())
        self.setWindowTitle("XepHang — Kiosk")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = QWidget()
        self.header.setObjectName("header")  # scoped: the language button keeps its own colours
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.header.setStyleSheet(f"QWidget#header {{ background: {RED}; }}")
        outer.addWidget(self.header)
        hl = QHBoxLayout(self.header)
        hl.setContentsMargins(130, 14, 24, 14)
        if logo:
            hl.addWidget(logo_label(logo, 110))
        titles = QVBoxLayout()
        self.h1 = self.text("", 30, True, "white", "header-title")
        self.h2 = self.text("", 40, True, "white", "header-unit")
        self.h3 = self.text("", 22, False, "white", "header-brand")
        for w in (self.h1, self.h2, self.h3):
            w.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            titles.addWidget(w)
        hl.addLayout(titles, 1)
        right = QVBoxLayout()
        self.clock = self.text("", 26, True, "white", "clock")
        self.lang = button("", self.p.toggle_language, "lang", "small")
        self.listen = button("", self.p.listen, "listen", "small")
        for b in (self.lang, self.listen):
            b.setFixedWidth(240)
            b.setStyleSheet("font-size: 24px; min-height: 64px;")
        right.addWidget(self.clock)
        tools = QVBoxLayout() if portrait else QHBoxLayout()  # portrait: room for the titles
        tools.addWidget(self.listen)
        tools.addWidget(self.lang)
        right.addLayout(tools)
        hl.addLayout(right)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        if portrait:
            self.body_layout.setContentsMargins(48, 32, 48, 24)
            self.body_layout.setSpacing(20)
        else:  # 1080 rows: tighter, so every screen fits without scrolling
            self.body_layout.setContentsMargins(48, 16, 48, 12)
            self.body_layout.setSpacing(10)
        outer.addWidget(self.body, 1)
        self.status = self.text("", 18, False, GREY, "status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addWidget(self.status)
        self.corner = LongPressCorner(self.p.staff_corner, self)
        self.corner.move(0, 0)
        self.corner.raise_()
        self.search_box = QLineEdit()  # kept across redraws: typing never loses a key
        self.search_box.setObjectName("search")
        self._search_timer = QTimer(self)  # search once typing rests, not at every key
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(lambda: self.p.search(self.search_box.text()))
        self.search_box.textChanged.connect(self._search_timer.start)
        self.p.listeners.append(self.refresh)
        self._screen: Screen | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.refresh()

    def _tick(self) -> None:
        self.clock.setText(self.p.now_text())
        self.p.tick()

    # ------------------------------------------------------------------ drawing
    def text(
        self, value: str, size: int = 28, bold: bool = False, color: str = TEXT, name: str = ""
    ) -> QLabel:
        """A label in the citizen's chosen look (large text, high contrast)."""
        return label(value, size, bold, color, name, look=self.look)

    def _restyle(self) -> None:
        """The window's look follows the presenter's: the style sheet, the header."""
        look = Look(self.p.state.large, self.p.state.contrast)
        if look == self.look:
            return
        self.look = look
        self.setStyleSheet(look.style())
        self.header.setStyleSheet(f"QWidget#header {{ background: {look.header}; }}")
        colours = Look(contrast=look.contrast)  # the header keeps its size: the body grows
        frame = [(self.h1, 30, True), (self.h2, 40, True), (self.h3, 22, False)]
        for w, size, bold in [*frame, (self.clock, 26, True)]:
            style_label(w, size, bold, "white", colours)
        style_label(self.status, 18, False, GREY, colours)

    def refresh(self) -> None:
        p = self.p
        self._restyle()
        self.listen.setText(p.t("listen"))
        self.h1.setText(p.t("header"))
        self.h2.setText(p.centre.centre.unit)
        self.h3.setText(p.t("brand"))
        self.lang.setText(p.t("language"))
        self.clock.setText(p.now_text())
        self.status.setText(p.status_line())
        clear_layout(self.body_layout, keep=(self.search_box,))
        {
            Screen.HOME: self._home,
            Screen.PRIORITY: self._priority,
            Screen.SERVICES: self._services,
            Screen.PROCEDURES: self._procedures,
            Screen.CONFIRM: self._confirm,
            Screen.RESULT: self._result,
            Screen.LOOKUP: self._lookup,
            Screen.DETAIL: self._detail,
            Screen.PIN: self._pin,
            Screen.SETTINGS: self._settings,
        }[p.state.screen]()
        if p.state.message:
            self.body_layout.addWidget(self.text(p.state.message, 28, True, RED, "message"))
        self.search_box.setVisible(p.state.screen is Screen.LOOKUP)
        self.corner.raise_()

    def add(self, w: QWidget, stretch: int = 0) -> None:
        self.body_layout.addWidget(w, stretch)

    def _home(self) -> None:
        p = self.p
        self.add(self.text(p.centre.centre.name, 36, True), 0)
        self.add(QWidget(), 1)
        problem = p.printer_problem()
        if problem:
            self.add(self.text(problem, 30, True, RED, "printer-problem"))
        elif p.hours_notice():
            self.add(self.text(p.hours_notice(), 28, True, RED, "hours-notice"))
        take = button(p.t("take"), p.take_number, "take", enabled=p.can_take_number(), hint=problem)
        take.setMinimumHeight(220 if self.portrait else (140 if self.look.large else 170))
        take.setStyleSheet(self.look.css(52))
        self.add(take)
        if p.centre.priority_groups:
            entry = p.t("priority_entry")
            if self.look.large and self.portrait:  # Qt buttons do not wrap by themselves
                entry = "\n".join(wrapped(line, 34) for line in entry.splitlines())
            prio = button(
                entry,
                p.take_priority_number,
                "take-priority",
                enabled=p.can_take_number(),
                hint=problem,
            )
            prio.setMinimumHeight(150 if self.portrait else 110)
            prio.setStyleSheet(self.look.css(30))
            self.add(prio)
        look = button(p.t("lookup"), p.open_lookup, "lookup", "plain")
        look.setMinimumHeight(160 if self.portrait else 120)
        self.add(look)
        self.add(QWidget(), 1)
        self._access_row()
        self.add(self.text(p.t("scan_notice"), 22, False, GREY, "scan-notice"))

    def _access_row(self) -> None:
        """Large text, high contrast, spoken guidance: one touch each, marked when on."""
        p = self.p
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        for key, on, name, action in (
            ("large_text", p.state.large, "large-text", p.toggle_large),
            ("contrast", p.state.contrast, "contrast", p.toggle_contrast),
            ("voice", p.state.voice, "voice", p.toggle_voice),
        ):
            title = f"✓ {p.t(key)}" if on else p.t(key)
            b = button(title, action, name, "chosen" if on else "plain")
            b.setStyleSheet(self.look.css(26, f"min-height: {self.look.px(64)}px;"))
            b.setAccessibleName(p.t(key))
            h.addWidget(b)
        self.add(row)

    def _priority(self) -> None:
        p = self.p
        self.add(self.text(p.t("choose_priority"), 40, True))
        grid = QWidget()
        g = QGridLayout(grid)
        g.setSpacing(18)
        cols = 1 if self.portrait else 2
        for i, (gid, name) in enumerate(p.priority_groups()):
            b = button(name, partial(p.choose_priority_group, gid), f"group:{gid}")
            b.setMinimumHeight(120 if self.portrait else 100)
            g.addWidget(b, i // cols, i % cols)
        self.add(grid, 1)
        self.add(button(p.t("back"), p.back, "back", "plain"))

    def _greeting(self) -> None:
        card = self.p.state.card
        if card is not None:
            self.add(
                self.text(self.p.t("greeting", name=card.full_name), 32, True, name="greeting")
            )
            if self.p.state.elderly:
                self.add(self.text(self.p.t("elderly_offered"), 26, False, name="elderly"))

    def _services(self) -> None:
        p = self.p
        self._greeting()
        self.add(self.text(p.t("choose_service"), 40, True))
        grid = QWidget()
        g = QGridLayout(grid)
        g.setSpacing(18)
        cols = 1 if self.portrait else 3
        for i, s in enumerate(p.services()):
            b = button(p.name_of(s), partial(p.choose_service, s.id), f"service:{s.id}")
            b.setMinimumHeight(
                110 if self.portrait and self.look.large else 130 if self.portrait else 110
            )
            g.addWidget(b, i // cols, i % cols)
        self.add(grid, 1)
        self.add(button(p.t("back"), p.back, "back", "plain"))

    def _priority_chips(self) -> None:
        p = self.p
        self.add(self.text(p.t("priority_hint"), 24, False, GREY))
        chips = QWidget()
        g = QGridLayout(chips)
        g.setSpacing(12)
        options = [(None, p.t("no_priority")), *p.priority_groups()]
        for i, (gid, name) in enumerate(options):
            chosen = p.state.priority == gid
            title = f"✓ {name}" if chosen else name  # marked by more than its colour
            if self.look.large:
                title = wrapped(title, 30)
            b = button(
                title,
                partial(p.set_priority, gid),
                f"priority:{gid or 'none'}",
                "chosen" if chosen else "plain",
            )
            b.setStyleSheet(self.look.css(24, f"min-height: {72 if self.portrait else 56}px;"))
            cols = (1 if self.look.large else 2) if self.portrait else 3
            g.addWidget(b, i // cols, i % cols)
        self.add(chips)

    def _procedures(self) -> None:
        p = self.p
        service = p.service()
        assert service is not None
        self._greeting()
        self.add(self.text(f"{p.name_of(service)} — {p.t('choose_procedure')}", 34, True))
        self._priority_chips()
        scroll, inner = touch_list("procedures")
        g = QGridLayout(inner)
        cols = 1 if self.portrait else 2  # 1080 rows: side by side, so all of them show
        for i, proc in enumerate(service.procedures):
            b = button(
                wrapped(p.name_of(proc), 48 if self.portrait else 42),
                partial(p.choose_procedure, proc.id),
                f"procedure:{proc.id}",
                "plain",
            )
            b.setStyleSheet(self.look.css(28, "text-align: left;"))
            g.addWidget(b, i // cols, i % cols)
        g.setRowStretch(g.rowCount(), 1)
        scroll.setWidget(inner)
        self.add(scroll, 1)
        self.add(button(p.t("back"), p.back, "back", "plain"))

    def _confirm(self) -> None:
        p = self.p
        service = p.service()
        assert service is not None
        self._greeting()
        self.add(self.text(p.t("confirm_title"), 40, True))
        self.add(self.text(p.name_of(service), 48, True, RED, "chosen-service"))
        self.add(self.text(p.t("counters", counters=p.counters_for(service.id)), 30))
        self._priority_chips()
        self.add(QWidget(), 1)
        busy = p.state.busy  # the button itself says "Đang in…": the screen keeps its size
        go = button(p.t("printing" if busy else "print"), p.confirm, "print", enabled=not busy)
        go.setMinimumHeight(180 if self.portrait else 120)
        go.setStyleSheet(self.look.css(48))
        back = button(p.t("back"), p.back, "back", "plain")
        if self.portrait:
            self.add(go)
            self.add(back)
            return
        row = QWidget()  # 1080 rows: side by side, the big one first
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(back, 1)
        h.addWidget(go, 3)
        self.add(row)

    def _result(self) -> None:
        p = self.p
        ticket = p.state.ticket
        assert ticket is not None
        self.add(self.text(p.t("your_number"), 36, True))
        number = self.text(ticket.number, 200, True, TEXT, "result-number")
        number.setFont(QFont(FONT, 160, QFont.Weight.Black))
        color = self.look.color(TEXT)
        # As large as it gets already: not scaled (and a little smaller in landscape when
        # the text around it is large, so the screen still fits 1080 rows).
        size = 240 if self.portrait else (176 if self.look.large else 200)
        number.setStyleSheet(f"font-size: {size}px; font-weight: 900; color: {color};")
        self.add(number)
        service = p.centre.service(ticket.service_id)
        if service:
            self.add(self.text(p.name_of(service), 40, True, RED, "result-service"))
            procedure = p.procedure_name(ticket)
            if procedure:
                self.add(self.text(procedure, 28, False, TEXT, "result-procedure"))
            where = p.priority_line(ticket) or p.t("counters", counters=p.counters_for(service.id))
            self.add(self.text(where, 32, bool(ticket.priority_counters), TEXT, "where"))
        if ticket.priority:  # beside the waiting line in landscape, where height is short
            mark = p.t("priority_mark", group=ticket.priority_name or ticket.priority)
            self.add(self.text(mark, 30 if self.portrait else 26, True, TEXT, "priority-mark"))
        waiting = p.waiting_line(ticket)
        if waiting:
            self.add(self.text(waiting, 30 if self.portrait else 28, False, TEXT, "waiting"))
        notice = p.hours_notice()
        if notice:
            self.add(self.text(notice, 24, True, RED, "hours-notice"))
        if p.state.print_failed:
            self.add(self.text(p.t("print_failed"), 34, True, RED, "print-failed"))
            busy = p.state.busy
            again = p.t("printing" if busy else "reprint")
            self.add(button(again, p.reprint, "reprint", enabled=not busy))
        self.add(QWidget(), 1)
        if not p.state.print_failed:
            self.add(self.text(p.t("back_in", s=p.seconds_left()), 24, False, GREY, "countdown"))
        self.add(button(p.t("home"), p.home, "home", "plain"))
