"""The idle lock: after the minutes the clerk chose (设置 → 无操作自动锁定, default 15) without a
key press or a mouse click, the main window hides its content and asks for the password.

The password is checked on this machine (:mod:`ygclient.unlock`); five wrong tries in a row
drop the login, and from then on only an online login unlocks. Open editor windows are hidden
while locked and come back afterwards, with whatever was typed in them.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ygclient.ui.context import AppContext
from ygclient.ui.text import fill
from ygclient.unlock import Unlock

ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                      QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.InputMethod,
                      QEvent.Type.TouchBegin})


class IdleWatcher(QObject):
    """Emits ``idle`` once the application has seen no input for ``limit_ms``."""

    idle = Signal()

    def __init__(self, limit_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.limit_ms = limit_ms
        self.last_input = time.monotonic()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._check)
        self._arm()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_limit(self, limit_ms: int) -> None:
        self.limit_ms = limit_ms
        self._arm()

    def _arm(self) -> None:
        self.timer.start(max(50, min(1000, self.limit_ms // 4)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last_input = time.monotonic()
        return False

    def touch(self) -> None:
        self.last_input = time.monotonic()

    def _check(self) -> None:
        if (time.monotonic() - self.last_input) * 1000 >= self.limit_ms:
            self.touch()
            self.idle.emit()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QFrame):
    """Covers the main window while it is locked."""

    unlocked = Signal()

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("lock_screen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#lock_screen { background: #eceff1; }")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        box = QVBoxLayout()
        title = QLabel(self.tr("已锁定"), self)
        title.setStyleSheet("font-size: 18pt;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(title)
        self.prompt = QLabel(self)
        self.prompt.setObjectName("lock_prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        box.addWidget(self.prompt)
        row = QHBoxLayout()
        row.addStretch(1)
        self.password = QLineEdit(self)
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(260)
        row.addWidget(self.password)
        self.button = QPushButton(self.tr("解锁"), self)
        self.button.setObjectName("lock_unlock")
        row.addWidget(self.button)
        row.addStretch(1)
        box.addLayout(row)
        self.message = QLabel(self)
        self.message.setObjectName("lock_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #b00020;")
        box.addWidget(self.message)
        outer.addLayout(box)
        outer.addStretch(3)
        self.button.clicked.connect(self.attempt)
        self.password.returnPressed.connect(self.attempt)
        self.hide()

    @property
    def online_only(self) -> bool:
        return not self.context.unlock.available()

    def show_over(self, widget: QWidget) -> None:
        self.setGeometry(widget.rect())
        self.message.clear()
        self.password.clear()
        self._prompt()
        self.show()
        self.raise_()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _prompt(self) -> None:
        settings = self.context.sync_settings
        user = settings.user if settings else ""
        if self.online_only:
            self.prompt.setText(fill(self.tr(
                "长时间无操作，程序已锁定。请输入 %1 在市信用信息系统的密码，"
                "联网验证后解锁。"), user))
        else:
            self.prompt.setText(fill(self.tr(
                "长时间无操作，程序已锁定。请输入 %1 的登录密码解锁。"), user))

    def attempt(self) -> None:
        password = self.password.text()
        if not password or not self.button.isEnabled():
            return
        self.password.clear()
        if self.online_only:
            self._online(password)
            return
        result = self.context.unlock.check(password)
        if result.outcome == Unlock.OK:
            self.unlocked.emit()
        elif result.outcome == Unlock.WRONG:
            self.message.setText(fill(self.tr("密码错误，还可再试 %1 次。"), result.remaining))
        else:  # the fifth wrong try: the login is dropped, only the centre can vouch now
            self.context.drop_login()
            self._prompt()
            self.message.setText(self.tr("密码连续错误 5 次，已退出登录：须联网重新登录才能解锁。"))

    def _online(self, password: str) -> None:
        if self.context.sync_settings is None:
            self.message.setText(self.tr("尚未设置服务器，无法验证密码。"))
            return
        self.button.setEnabled(False)
        self.message.setText(self.tr("正在联网验证…"))

        def succeeded(_answer: Any) -> None:
            self.button.setEnabled(True)
            self.unlocked.emit()

        def failed(error: BaseException) -> None:
            self.button.setEnabled(True)
            self.message.setText(fill(self.tr("未能解锁：%1"), str(error) or
                                      type(error).__name__))

        self.context.runner.submit("unlock", lambda _p, _c: self.context.login(password),
                                   lane="long", on_success=succeeded, on_failure=failed)
