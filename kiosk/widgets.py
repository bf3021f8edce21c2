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
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from queue_client.qt_redraw import clear_layout, logo_label

from .controls import (
    FONT,
    GREY,
    RED,
    STYLE,
    TEXT,
    LongPressCorner,
    button,
    keyboard,
    label,
    touch_scrolling,
    wrapped,
)
from .presenter import KioskPresenter
from .staff_screens import StaffScreens
from .state import Screen


class KioskWindow(QWidget, StaffScreens):
    def __init__(
        self, presenter: KioskPresenter, portrait: bool = True, logo: bytes | None = None
    ) -> None:
        super().__init__()
        self.p = presenter
        self.portrait = portrait
        self.setObjectName("kiosk")
        self.setStyleSheet(STYLE)
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
        self.h1 = label("", 30, True, "white", "header-title")
        self.h2 = label("", 40, True, "white", "header-unit")
        self.h3 = label("", 22, False, "white", "header-brand")
        for w in (self.h1, self.h2, self.h3):
            w.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            titles.addWidget(w)
        hl.addLayout(titles, 1)
        right = QVBoxLayout()
        self.clock = label("", 26, True, "white", "clock")
        self.lang = button("", self.p.toggle_language, "lang", "small")
        self.lang.setFixedWidth(220)
        right.addWidget(self.clock)
        right.addWidget(self.lang)
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
        self.status = label("", 18, False, GREY, "status")
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
    def refresh(self) -> None:
        p = self.p
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
            self.body_layout.addWidget(label(p.state.message, 28, True, RED, "message"))
        self.search_box.setVisible(p.state.screen is Screen.LOOKUP)
        self.corner.raise_()

    def add(self, w: QWidget, stretch: int = 0) -> None:
        self.body_layout.addWidget(w, stretch)

    def _home(self) -> None:
        p = self.p
        self.add(label(p.centre.centre.name, 36, True), 0)
        self.add(QWidget(), 1)
        problem = p.printer_problem()
        if problem:
            self.add(label(problem, 30, True, RED, "printer-problem"))
        elif p.hours_notice():
            self.add(label(p.hours_notice(), 28, True, RED, "hours-notice"))
        take = button(p.t("take"), p.take_number, "take", enabled=p.can_take_number(), hint=problem)
        take.setMinimumHeight(220 if self.portrait else 170)
        take.setStyleSheet("font-size: 52px;")
        self.add(take)
        if p.centre.priority_groups:
            prio = button(
                p.t("priority_entry"),
                p.take_priority_number,
                "take-priority",
                enabled=p.can_take_number(),
                hint=problem,
            )
            prio.setMinimumHeight(150 if self.portrait else 110)
            prio.setStyleSheet("font-size: 30px;")
            self.add(prio)
        look = button(p.t("lookup"), p.open_lookup, "lookup", "plain")
        look.setMinimumHeight(160 if self.portrait else 120)
        self.add(look)
        self.add(QWidget(), 1)
        self.add(label(p.t("scan_notice"), 22, False, GREY, "scan-notice"))

    def _priority(self) -> None:
        p = self.p
        self.add(label(p.t("choose_priority"), 40, True))
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
            self.add(label(self.p.t("greeting", name=card.full_name), 32, True, name="greeting"))
            if self.p.state.elderly:
                self.add(label(self.p.t("elderly_offered"), 26, False, name="elderly"))

    def _services(self) -> None:
        p = self.p
        self._greeting()
        self.add(label(p.t("choose_service"), 40, True))
        grid = QWidget()
        g = QGridLayout(grid)
        g.setSpacing(18)
        cols = 1 if self.portrait else 3
        for i, s in enumerate(p.services()):
            b = button(p.name_of(s), partial(p.choose_service, s.id), f"service:{s.id}")
            b.setMinimumHeight(130 if self.portrait else 110)
            g.addWidget(b, i // cols, i % cols)
        self.add(grid, 1)
        self.add(button(p.t("back"), p.back, "back", "plain"))

    def _priority_chips(self) -> None:
        p = self.p
        self.add(label(p.t("priority_hint"), 24, False, GREY))
        chips = QWidget()
        g = QGridLayout(chips)
        g.setSpacing(12)
        options = [(None, p.t("no_priority")), *p.priority_groups()]
        for i, (gid, name) in enumerate(options):
            chosen = p.state.priority == gid
            b = button(
                f"✓ {name}" if chosen else name,  # marked by more than its colour
                partial(p.set_priority, gid),
                f"priority:{gid or 'none'}",
                "chosen" if chosen else "plain",
            )
            b.setStyleSheet(f"font-size: 24px; min-height: {72 if self.portrait else 56}px;")
            cols = 2 if self.portrait else 3
            g.addWidget(b, i // cols, i % cols)
        self.add(chips)

    def _procedures(self) -> None:
        p = self.p
        service = p.service()
        assert service is not None
        self._greeting()
        self.add(label(f"{p.name_of(service)} — {p.t('choose_procedure')}", 34, True))
        self._priority_chips()
        scroll = QScrollArea()
        scroll.setObjectName("procedures")
        scroll.setWidgetResizable(True)
        touch_scrolling(scroll)
        inner = QWidget()
        g = QGridLayout(inner)
        cols = 1 if self.portrait else 2  # 1080 rows: side by side, so all of them show
        for i, proc in enumerate(service.procedures):
            b = button(
                wrapped(p.name_of(proc), 48 if self.portrait else 42),
                partial(p.choose_procedure, proc.id),
                f"procedure:{proc.id}",
                "plain",
            )
            b.setStyleSheet("font-size: 28px; text-align: left;")
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
        self.add(label(p.t("confirm_title"), 40, True))
        self.add(label(p.name_of(service), 48, True, RED, "chosen-service"))
        self.add(label(p.t("counters", counters=p.counters_for(service.id)), 30))
        self._priority_chips()
        self.add(QWidget(), 1)
        busy = p.state.busy  # the button itself says "Đang in…": the screen keeps its size
        go = button(p.t("printing" if busy else "print"), p.confirm, "print", enabled=not busy)
        go.setMinimumHeight(180 if self.portrait else 120)
        go.setStyleSheet("font-size: 48px;")
        self.add(go)
        self.add(button(p.t("back"), p.back, "back", "plain"))

    def _result(self) -> None:
        p = self.p
        ticket = p.state.ticket
        assert ticket is not None
        self.add(label(p.t("your_number"), 36, True))
        number = label(ticket.number, 240 if self.portrait else 200, True, TEXT, "result-number")
        number.setFont(QFont(FONT, 160, QFont.Weight.Black))
        number.setStyleSheet(
            f"font-size: {240 if self.portrait else 200}px; font-weight: 900; color: {TEXT};"
        )
        self.add(number)
        service = p.centre.service(ticket.service_id)
        if service:
            self.add(label(p.name_of(service), 40, True, RED, "result-service"))
            procedure = p.procedure_name(ticket)
            if procedure:
                self.add(label(procedure, 28, False, TEXT, "result-procedure"))
            where = p.priority_line(ticket) or p.t("counters", counters=p.counters_for(service.id))
            self.add(label(where, 32, bool(ticket.priority_counters), TEXT, "where"))
        if ticket.priority:  # beside the waiting line in landscape, where height is short
            mark = p.t("priority_mark", group=ticket.priority_name or ticket.priority)
            self.add(label(mark, 30 if self.portrait else 26, True, TEXT, "priority-mark"))
        waiting = p.waiting_line(ticket)
        if waiting:
            self.add(label(waiting, 30 if self.portrait else 28, False, TEXT, "waiting"))
        notice = p.hours_notice()
        if notice:
            self.add(label(notice, 24, True, RED, "hours-notice"))
        if p.state.print_failed:
            self.add(label(p.t("print_failed"), 34, True, RED, "print-failed"))
            busy = p.state.busy
            again = p.t("printing" if busy else "reprint")
            self.add(button(again, p.reprint, "reprint", enabled=not busy))
        self.add(QWidget(), 1)
        if not p.state.print_failed:
            self.add(label(p.t("back_in", s=p.seconds_left()), 24, False, GREY, "countdown"))
        self.add(button(p.t("home"), p.home, "home", "plain"))

    def _lookup(self) -> None:
        p = self.p
        self.add(label(p.t("lookup"), 40, True))
        box = self.search_box
        box.setPlaceholderText(p.t("search"))
        if box.text() != p.state.query:  # the on-screen keyboard typed: no second search
            box.blockSignals(True)
            box.setText(p.state.query)
            box.blockSignals(False)
        self.add(box)
        scroll = QScrollArea()
        scroll.setObjectName("results")
        scroll.setWidgetResizable(True)
        touch_scrolling(scroll)
        inner = QWidget()
        v = QVBoxLayout(inner)
        results = p.lookup_results()
        if not results:
            v.addWidget(label(p.t("no_results"), 28, False, GREY, "no-results"))
        for s, proc in results:
            b = button(
                f"{wrapped(p.name_of(proc), 52 if self.portrait else 100)}\n({p.name_of(s)})",
                partial(p.open_detail, s.id, proc.id),
                f"result:{proc.id}",
                "plain",
            )
            b.setStyleSheet("font-size: 26px; text-align: left;")
            v.addWidget(b)
        v.addStretch(1)
        scroll.setWidget(inner)
        labels = {"space": p.t("space"), "⌫": "⌫", "clear": p.t("clear")}
        keys = keyboard(p.key, labels, compact=not self.portrait)
        if self.portrait:
            self.add(scroll, 1)
            self.add(keys)
        else:  # 1080 rows: the results beside the keyboard, so both have room
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(scroll, 1)
            keys.setFixedWidth(880)
            h.addWidget(keys)
            self.add(row, 1)
        self.add(button(p.t("home"), p.home, "home", "plain"))
        if not box.hasFocus():
            box.setFocus()
            box.setCursorPosition(len(p.state.query))

    def _detail(self) -> None:
        p = self.p
        found = p.detail()
        if found is None:
            p.home()
            return
        service, proc = found
        self.add(label(p.name_of(proc), 36, True))
        self.add(label(p.name_of(service), 28, False, RED))
        text = [
            f"<b>{p.t('papers')}</b><ul>" + "".join(f"<li>{x}</li>" for x in proc.papers) + "</ul>",
            f"<b>{p.t('fee')}:</b> {proc.fee}",
            f"<b>{p.t('time')}:</b> {proc.processing_time}",
            f"<b>{p.t('where')}:</b> {p.t('counters', counters=p.counters_for(service.id))}",
        ]
        info = QLabel("<br>".join(text))
        info.setObjectName("detail")
        info.setWordWrap(True)
        info.setStyleSheet(f"font-size: 28px; color: {TEXT};")
        self.add(info, 1)
        self.add(
            button(
                p.t("take"),
                partial(p.take_number_for, service.id),
                "take-this",
            )
        )
        self.add(button(p.t("back"), p.back, "back", "plain"))
