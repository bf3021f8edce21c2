"""The counter window: thin widgets over the presenter, a big labelled button and a
function key for each command."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from queue_client.qt_redraw import clear_layout, coalesced
from queue_core.tickets import Status

from .presenter import ACTIONS, CounterPresenter

ACTION_HINTS = {
    "call-next": "Gọi công dân tiếp theo",
    "recall": "Gọi lại công dân vừa gọi (loa và màn hình)",
    "no-show": "Ghi vắng mặt công dân vừa gọi",
    "start": "Công dân đã đến: bắt đầu phục vụ",
    "finish": "Hoàn thành hồ sơ của công dân",
    "transfer": "Chuyển công dân sang lĩnh vực hoặc quầy khác",
    "pause": "Tạm dừng / tiếp tục nhận công dân",
    "call-number": "Gọi một số cụ thể (gõ số vào ô bên dưới)",
}

RED, TEXT, AMBER, GREY, GREEN = "#B91C1C", "#1F2937", "#FBBF24", "#374151", "#166534"
STYLE = f"""
QWidget#counter, QWidget#login {{ background: white; }}
QLabel {{ color: {TEXT}; font-family: 'Noto Sans'; font-size: 20px; }}
QPushButton {{ font-family: 'Noto Sans'; font-size: 22px; font-weight: 600; color: white;
  background: {RED}; border: none; border-radius: 10px; padding: 10px; min-height: 64px; }}
QPushButton:disabled {{ background: #D1D5DB; color: #6B7280; }}
QPushButton[role="plain"] {{ background: #F3F4F6; color: {TEXT}; border: 2px solid #D1D5DB; }}
QLineEdit, QComboBox {{ font-size: 22px; padding: 8px; border: 2px solid #9CA3AF; border-radius: 8px; }}
"""


def label(text: str, px: int = 20, bold: bool = False, color: str = TEXT, name: str = "") -> QLabel:
    w = QLabel(text)
    w.setWordWrap(True)
    w.setStyleSheet(f"font-size: {px}px; font-weight: {800 if bold else 400}; color: {color};")
    if name:
        w.setObjectName(name)
    return w


def mmss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class LoginWidget(QWidget):
    """The officer's account and the counter (the last one is offered first)."""

    def __init__(
        self,
        counters: list[tuple[str, str]],
        chosen: str,
        username: str,
        on_login: Callable[[str, str, str], str],
    ) -> None:
        super().__init__()
        self.setObjectName("login")
        self.setStyleSheet(STYLE)
        self.setWindowTitle("XepHang — Đăng nhập quầy")
        self.on_login = on_login
        v = QVBoxLayout(self)
        v.addWidget(label("Đăng nhập quầy một cửa", 28, True))
        self.user = QLineEdit(username)
        self.user.setObjectName("username")
        self.user.setPlaceholderText("Tên đăng nhập")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setPlaceholderText("Mật khẩu")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.counter = QComboBox()
        self.counter.setObjectName("counter")
        for cid, name in counters:
            self.counter.addItem(name, cid)
        self.counter.setCurrentIndex(max(0, self.counter.findData(chosen)))
        for w in (self.user, self.password, self.counter):
            v.addWidget(w)
        self.go = go = QPushButton("Đăng nhập")
        go.setObjectName("login-button")
        go.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        v.addWidget(go)
        self.error = label("", 18, False, RED, "login-error")
        v.addWidget(self.error)

    def submit(self) -> None:
        """The login runs on a worker: the window stays alive and says so meanwhile."""
        if not self.go.isEnabled():
            return
        self.go.setEnabled(False)
        self.error.setText("Đang đăng nhập…")
        refused = self.on_login(self.user.text(), self.password.text(), self.counter.currentData())
        if refused:
            self.failed(refused)

    def failed(self, message: str) -> None:
        self.go.setEnabled(True)
        self.error.setText(message)


class CounterWindow(QWidget):
    def __init__(self, presenter: CounterPresenter, officer: str = "") -> None:
        super().__init__()
        self.p = presenter
        self.officer = officer
        self.setObjectName("counter")
        self.setStyleSheet(STYLE)
        assert presenter.counter is not None
        self.setWindowTitle(f"XepHang — {presenter.counter.name}")
        self.root = QVBoxLayout(self)
        self.shortcuts = []
        for action, (_, key) in ACTIONS.items():
            sc = QShortcut(QKeySequence(key), self)
            sc.activated.connect(partial(self.press, action))
            self.shortcuts.append(sc)
        esc = QShortcut(QKeySequence("Esc"), self)
        esc.activated.connect(
            lambda: self.p.cancel_transfer() if self.p.state.transfer_open else None
        )
        self.shortcuts.append(esc)
        self.p.listeners.append(coalesced(self, self.refresh))
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.number_box = QLineEdit()
        self.number_box.setObjectName("number")
        self.number_box.setPlaceholderText("Số cần gọi, ví dụ 1023")
        self.refresh()

    def press(self, action: str) -> None:
        if action == "transfer":
            self.p.open_transfer()
        elif action == "call-number":
            self.p.do("call-number", number=self.number_box.text())
        else:
            self.p.do(action)

    def _tick(self) -> None:
        self.p.tick()
        if self.timers is not None:
            self.timers.setText(self._timers_text())

    def _timers_text(self) -> str:
        cur = self.p.state.current
        if not cur:
            return ""
        waited = f"Đã chờ: {mmss(self.p.waited_s())}"
        if cur.status is Status.SERVING:
            return f"{waited}   ·   Đang phục vụ: {mmss(self.p.serving_s())}"
        return f"{waited}   ·   Đã gọi: {mmss(self.p.called_s())} (chưa bắt đầu)"

    def refresh(self) -> None:
        self.timers: QLabel | None = None
        clear_layout(self.root, keep=(self.number_box,))
        p, st = self.p, self.p.state
        assert p.counter is not None
        head = QWidget()
        head.setStyleSheet(f"background: {RED};")
        hl = QHBoxLayout(head)
        hl.addWidget(label(f"{p.counter.name} · {p.centre.centre.unit}", 24, True, "white"), 1)
        hl.addWidget(
            label(f"Cán bộ: {self.officer}" if self.officer else "", 20, False, "white", "officer")
        )
        self.root.addWidget(head)
        if st.paused:
            banner = label(
                "ĐANG TẠM DỪNG — bấm Tiếp tục [F7] để nhận công dân", 30, True, "white", "paused"
            )
            banner.setStyleSheet(
                "font-size: 30px; font-weight: 800; color: white; background: #374151;"
                " padding: 12px; border-radius: 8px;"
            )
            self.root.addWidget(banner)
        cur = st.current
        card = QWidget()
        card.setStyleSheet(
            f"background: {AMBER if cur and cur.status is Status.CALLED else '#F3F4F6'};"
            " border-radius: 12px;"
        )
        cl = QVBoxLayout(card)
        cl.addWidget(label(cur.number if cur else "—", 96, True, TEXT, "current-number"))
        if cur:
            status = {
                Status.CALLED: "Đã gọi, chờ công dân đến",
                Status.SERVING: "Đang phục vụ",
            }.get(cur.status, cur.status.value)
            prio = f" · ƯU TIÊN: {cur.priority_name or cur.priority}" if cur.priority else ""
            cl.addWidget(
                label(
                    f"{p.service_name(cur.service_id)}{prio} · {status}",
                    22,
                    True,
                    name="current-info",
                )
            )
            if cur.call_reason:
                cl.addWidget(label(f"Vì sao số này: {cur.call_reason}", 20, False, GREY, "why"))
            citizen = cur.citizen
            if citizen:
                cl.addWidget(
                    label(
                        f"Công dân: {citizen.name or '—'} · Số thẻ: {citizen.id_masked or '—'}",
                        22,
                        False,
                        name="citizen",
                    )
                )
            self.timers = label(self._timers_text(), 20, False, GREY, "timers")
            cl.addWidget(self.timers)
        self.root.addWidget(card)
        if st.transfer_open:  # in place of the commands: the window keeps its size
            self._status_line()
            self.number_box.hide()
            self._transfer_list()
        else:
            self._actions()
            self._status_line()
            self._help_line()
            if st.number_hint and not self.number_box.text():
                self.number_box.setText(st.number_hint)
            self.number_box.show()
            self.root.addWidget(self.number_box)
            self._waiting()
        self.root.addStretch(1)

    def _actions(self) -> None:
        p = self.p
        grid = QGridLayout()
        for i, action in enumerate(ACTIONS):
            b = QPushButton(p.label(action))
            b.setObjectName(f"action:{action}")
            why = p.why_not(action)
            b.setEnabled(not why)
            b.setToolTip(why or ACTION_HINTS[action])
            b.clicked.connect(partial(self.press, action))
            grid.addWidget(b, i // 4, i % 4)
        self.root.addLayout(grid)

    def _status_line(self) -> None:
        """What the last command did, the question it asks, or why it failed."""
        st = self.p.state
        line = "" if st.connected else "● Mất kết nối máy chủ — đang kết nối lại… "
        colour, size = {"ok": (GREEN, 22), "ask": (TEXT, 24), "error": (RED, 22)}[st.message_kind]
        line_w = label(line + st.message, size, True, RED if not st.connected else colour, "status")
        if st.message_kind == "ask":
            line_w.setStyleSheet(
                f"font-size: 24px; font-weight: 800; color: {TEXT}; background: {AMBER};"
                " padding: 10px; border-radius: 8px;"
            )
        self.root.addWidget(line_w)

    def _help_line(self) -> None:
        """A kiosk's help button was pressed: amber, above the waiting lines."""
        text = self.p.help_text()
        if text:
            w = label(f"Hỗ trợ: {text}", 22, True, TEXT, "help")
            w.setStyleSheet(
                f"font-size: 22px; font-weight: 800; color: {TEXT}; background: {AMBER};"
                " padding: 8px; border-radius: 8px;"
            )
            self.root.addWidget(w)

    def _waiting(self) -> None:
        self.root.addWidget(label("Đang chờ ở quầy này", 22, True, GREY))
        for name, count, nxt in self.p.state.waiting:
            self.root.addWidget(
                label(
                    f"{name}: {count} người" + (f" · tiếp theo {', '.join(nxt)}" if nxt else ""),
                    20,
                    name=f"waiting:{name}",
                )
            )

    def _transfer_list(self) -> None:
        """Under headings, without the ticket's own lĩnh vực, and a way out."""
        p = self.p
        for heading, targets in p.transfer_targets().items():
            self.root.addWidget(label(heading, 22, True, GREY, f"heading:{heading}"))
            tl = QGridLayout()
            for i, (target, name) in enumerate(targets):
                b = QPushButton(name)
                b.setObjectName(f"target:{target}")
                b.setProperty("role", "plain")
                b.setStyleSheet("min-height: 44px; font-size: 20px;")
                b.clicked.connect(partial(p.do, "transfer", target))
                tl.addWidget(b, i // 4, i % 4)
            self.root.addLayout(tl)
        cancel = QPushButton("Huỷ chuyển [Esc]")
        cancel.setObjectName("transfer-cancel")
        cancel.setProperty("role", "plain")
        cancel.clicked.connect(p.cancel_transfer)
        self.root.addWidget(cancel)
