"""The idle lock: it hides the window and its editors after the idle time, unlocks with the
password checked locally, and after five wrong tries only an online login (a real ygcentral)
unlocks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.sync.conftest import PASSWORD, CentralServer, MemoryKeyring
from tests.ui.conftest import ScriptedDialogs, sync_settings
from ygclient.sync import Credentials
from ygclient.ui.context import AppContext
from ygclient.ui.main_window import MainWindow
from ygclient.unlock import KEYRING_SERVICE


def usable(window: MainWindow) -> bool:
    central = window.centralWidget()
    return central is not None and central.isEnabled() and not window.locked


def type_password(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = window.lock_screen.password
    field.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def locked_after_idle(qtbot: QtBot, window: MainWindow) -> None:
    window.idle.set_limit(150)
    qtbot.waitUntil(lambda: window.locked, timeout=3000)


def test_idle_time_locks_and_the_password_unlocks(window: MainWindow, context: AppContext,
                                                  qtbot: QtBot) -> None:
    context.unlock.remember(PASSWORD)  # as after a login
    editor = window.new_record("CF")
    assert editor is not None and editor.isVisible()
    locked_after_idle(qtbot, window)
    window.idle.set_limit(60_000)
    assert not editor.isVisible()
    assert not usable(window)
    assert not window.actions_["sync"].isEnabled() and not window.actions_["new"].isEnabled()
    assert window.lock_screen.geometry() == window.rect()

    type_password(qtbot, window, "not-the-password")
    assert window.locked
    assert window.lock_screen.message.text() == "密码错误，还可再试 4 次。"
    type_password(qtbot, window, PASSWORD)
    assert usable(window) and editor.isVisible()
    assert window.actions_["new"].isEnabled()


def test_no_lock_before_any_login(window: MainWindow, context: AppContext,
                                  qtbot: QtBot) -> None:
    assert context.sync_settings is None and not context.unlock.available()
    window.idle.set_limit(100)
    qtbot.wait(400)
    assert not window.locked


def test_five_wrong_tries_drop_the_login_and_an_online_login_unlocks(
        context: AppContext, dialogs: ScriptedDialogs, central: CentralServer,
        memory_keyring: MemoryKeyring, qtbot: QtBot) -> None:
    context.configure(sync_settings(central))
    context.login(PASSWORD)  # the real centre; the refresh token goes to the keyring
    assert Credentials(context.sync_settings).load() is not None  # type: ignore[arg-type]
    assert (KEYRING_SERVICE, context.sync_settings.keyring_user) in memory_keyring.items  # type: ignore[union-attr]

    window = MainWindow(context, dialogs)  # started again: a verifier is kept, so locked
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.locked
    for _ in range(5):
        type_password(qtbot, window, "wrong")
    assert window.lock_screen.message.text() == \
        "密码连续错误 5 次，已退出登录：须联网重新登录才能解锁。"
    assert "联网验证后解锁" in window.lock_screen.prompt.text()
    assert Credentials(context.sync_settings).load() is None  # type: ignore[arg-type]
    assert memory_keyring.items == {}

    type_password(qtbot, window, "still-wrong")  # now checked by the centre
    qtbot.waitUntil(lambda: window.lock_screen.message.text().startswith("未能解锁"),
                    timeout=10_000)
    assert window.locked
    type_password(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert context.unlock.available()  # a new verifier from the new login
    window.close()
    QApplication.processEvents()
