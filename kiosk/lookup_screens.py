"""The kiosk's look-up screens (search a procedure, read what to bring): drawn by
`KioskWindow`, apart to keep each module small."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from .controls import button, keyboard, touch_list, wrapped
from .look import GREY, RED, TEXT, Look
from .presenter import KioskPresenter


class LookupScreens:
    p: KioskPresenter
    portrait: bool
    look: Look
    search_box: QLineEdit

    def add(self, w: QWidget, stretch: int = 0) -> None:
        raise NotImplementedError  # KioskWindow's

    def text(
        self, value: str, size: int = 28, bold: bool = False, color: str = TEXT, name: str = ""
    ) -> QLabel:
        raise NotImplementedError  # KioskWindow's

    def _lookup(self) -> None:
        p = self.p
        self.add(self.text(p.t("lookup"), 40, True))
        box = self.search_box
        box.setPlaceholderText(p.t("search"))
        if box.text() != p.state.query:  # the on-screen keyboard typed: no second search
            box.blockSignals(True)
            box.setText(p.state.query)
            box.blockSignals(False)
        self.add(box)
        scroll, inner = touch_list("results")
        v = QVBoxLayout(inner)
        results = p.lookup_results()
        if not results:
            v.addWidget(self.text(p.t("no_results"), 28, False, GREY, "no-results"))
        for s, proc in results:
            b = button(
                f"{wrapped(p.name_of(proc), 52 if self.portrait else 100)}\n({p.name_of(s)})",
                partial(p.open_detail, s.id, proc.id),
                f"result:{proc.id}",
                "plain",
            )
            b.setStyleSheet(self.look.css(26, "text-align: left;"))
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
        self.add(self.text(p.name_of(proc), 36, True))
        self.add(self.text(p.name_of(service), 28, False, RED))
        text = [
            f"<b>{p.t('papers')}</b><ul>" + "".join(f"<li>{x}</li>" for x in proc.papers) + "</ul>",
            f"<b>{p.t('fee')}:</b> {proc.fee}",
            f"<b>{p.t('time')}:</b> {proc.processing_time}",
            f"<b>{p.t('where')}:</b> {p.t('counters', counters=p.counters_for(service.id))}",
        ]
        info = QLabel("<br>".join(text))
        info.setObjectName("detail")
        info.setWordWrap(True)
        info.setStyleSheet(self.look.css(28, f"color: {self.look.color(TEXT)};"))
        self.add(info, 1)
        self.add(
            button(
                p.t("take"),
                partial(p.take_number_for, service.id),
                "take-this",
            )
        )
        self.add(button(p.t("back"), p.back, "back", "plain"))
