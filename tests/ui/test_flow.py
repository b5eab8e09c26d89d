"""A clerk's whole day in the real main window, against a real ygcentral on 127.0.0.1:
new record → errors shown → fixed → saved → submitted → synced → reviewed → shown as accepted.

Everything goes through widgets (clicks, keys, input-method commits); only the dialogs are
scripted, and the credit centre's review is done on its own database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from tests.catalog.records import penalty_for_company
from tests.sync.conftest import AGENCY, USER, CentralServer, MemoryKeyring
from tests.ui.conftest import (
    OFFSCREEN_POPUPS,
    ScriptedDialogs,
    activate,
    ime,
    login_input,
    sync_settings,
)
from ygclient.forms.qt import CodeEditor, MultiCodeEditor
from ygclient.store import State, Store
from ygclient.ui.context import AppContext
from ygclient.ui.dialogs import LoginInput
from ygclient.ui.editor import RecordEditor
from ygclient.ui.main_window import NAVIGATION, MainWindow
from ygclient.ui.pages import RecordsPage

WRONG_USCC = "91441700MA4W12346X"  # check character should be H


def click(qtbot: QtBot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def go_to(qtbot: QtBot, window: MainWindow, key: str) -> QWidget:
    """Click the navigation entry of a page."""
    row = [k for k, _ in NAVIGATION].index(key)
    nav = window.nav
    click(qtbot, nav.viewport(), nav.visualItemRect(nav.item(row)).center())
    page = window.pages[key]
    assert window.stack.currentWidget() is page
    return page


def click_cell(qtbot: QtBot, view: QAbstractItemView, row: int, column: int = 0) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    click(qtbot, view.viewport(), view.visualRect(index).center())


def fill(qtbot: QtBot, editor: RecordEditor, values: dict[str, Any]) -> None:
    """Type every value into its field the way a clerk would."""
    form = editor.form
    for name, value in values.items():
        field_editor = form.rows[name].editor
        if isinstance(field_editor, MultiCodeEditor):
            codes = value.split(";") if isinstance(value, str) else value
            lst = field_editor.list
            lst.setFocus()
            for row in range(lst.count()):
                if lst.item(row).data(Qt.ItemDataRole.UserRole) in codes:
                    lst.setCurrentRow(row)
                    qtbot.keyClick(lst, Qt.Key.Key_Space)  # Space ticks the box
            continue
        widget: QWidget | None = field_editor.focus_widget()
        if isinstance(field_editor, CodeEditor):
            widget = field_editor.combo.lineEdit()
        assert widget is not None
        if value.isascii():
            widget.setFocus()
            qtbot.keyClicks(widget, value)
        else:
            ime(widget, value)


def row_of(page: RecordsPage, record_id: str) -> int:
    model = page.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data(Qt.ItemDataRole.UserRole) == record_id:
            return row
    raise AssertionError(f"{record_id} is not in the list {page.key}")


@OFFSCREEN_POPUPS
def test_a_clerk_reports_a_penalty_from_entry_to_acceptance(
        window: MainWindow, context: AppContext, dialogs: ScriptedDialogs, store: Store,
        central: CentralServer, memory_keyring: MemoryKeyring, qtbot: QtBot) -> None:
    # --- a new record from the catalog page ---------------------------------------------------
    catalog_page = go_to(qtbot, window, "catalog")
    table = catalog_page.findChild(QAbstractItemView, "catalog_table")
    assert table is not None
    cf_row = next(r for r in range(table.model().rowCount())
                  if table.model().index(r, 0).data() == "CF")
    click_cell(qtbot, table, cf_row, 1)
    new_button = catalog_page.findChild(QPushButton, "catalog_new")
    assert new_button is not None
    click(qtbot, new_button)
    (editor,) = window.editors
    assert editor.isVisible() and editor.state.item.code == "CF"
    activate(qtbot, editor)

    # --- filled in, with a wrong check character in the company's code -------------------------
    record = penalty_for_company() | {"CF_XDR_SHXYM": WRONG_USCC, "CF_JDRQ": "2026/3/5"}
    fill(qtbot, editor, record)
    assert editor.form.values()["CF_CFLB"] == ["警告", "罚款"]
    uscc_message = editor.form.rows["CF_XDR_SHXYM"].message
    assert uscc_message.isVisible()
    assert uscc_message.text() == "「行政相对人代码_1(统一社会信用代码)」校验位错误：应为 H，实为 X"

    # --- Ctrl+Enter: the errors are shown, nothing is sent ----------------------------------------
    activate(qtbot, editor)
    some_input = editor.form.rows["BZ"].editor.focus_widget()
    some_input.setFocus()
    qtbot.keyClick(some_input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.status.text() == "还有 1 处错误，改正后才能报送"
    uscc_input = editor.form.rows["CF_XDR_SHXYM"].editor.focus_widget()
    qtbot.waitUntil(uscc_input.hasFocus)  # the cursor goes to the first error
    assert store.pending_operations() == 0

    # --- fixed, saved (Ctrl+S), submitted (Ctrl+Enter) ----------------------------------------
    qtbot.keyClick(uscc_input, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(uscc_input, "91441700MA4W12346H")
    assert not uscc_message.isVisible()
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.keyClick(uscc_input, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    view = saved.args[0] if saved.args else None
    assert view is not None and view.state == State.READY
    assert editor.status.text() == "已保存：待报送"
    record_id = view.id
    assert store.current_revision(record_id).payload["CF_JDRQ"] == "2026-03-05"
    with qtbot.waitSignal(editor.saved, timeout=5000) as submitted:
        qtbot.keyClick(uscc_input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert submitted.args is not None and submitted.args[0].state == State.QUEUED
    assert editor.status.text() == "已保存：排队待发送"
    assert [v.id for v in store.list_records().rows] == [record_id]  # one record, no copies
    qtbot.waitUntil(lambda: window.queued_label.text() == "待发送 1 条")
    editor.close()

    to_send = go_to(qtbot, window, "to_send")
    assert isinstance(to_send, RecordsPage)
    qtbot.waitUntil(lambda: to_send.model.rowCount() == 1)
    assert to_send.model.index(0, 1).data() == "排队待发送"

    # --- sync from the toolbar: first time, so the clerk logs in ------------------------------
    dialogs.login_answer = login_input(central)
    toolbar = window.findChild(QToolBar, "toolbar")
    assert toolbar is not None
    sync_button = toolbar.widgetForAction(window.actions_["sync"])
    with qtbot.waitSignal(context.syncFinished, timeout=30_000) as finished:
        click(qtbot, sync_button)
    entry = finished.args[0] if finished.args else {}
    assert entry["ok"], entry
    assert len(dialogs.called("login")) == 1 and dialogs.errors == []
    assert context.sync_settings is not None and context.sync_settings.server == central.url
    assert store.get(record_id).state == State.SUBMITTED
    assert window.online_label.text() == "在线"
    qtbot.waitUntil(lambda: window.queued_label.text() == "待发送 0 条")

    # --- the credit centre accepts it; the next sync (F5) brings the result ---------------------
    admin = central.admin()
    try:
        admin.review(record_id, accept=True)
    finally:
        admin.close()
    activate(qtbot, window)
    with qtbot.waitSignal(context.syncFinished, timeout=30_000) as finished:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    entry = finished.args[0] if finished.args else {}
    assert entry["ok"], entry
    assert len(dialogs.called("login")) == 1  # still logged in
    assert store.get(record_id).state == State.ACCEPTED

    # --- shown as accepted in the 已报送 list -------------------------------------------------
    sent = go_to(qtbot, window, "sent")
    assert isinstance(sent, RecordsPage)
    qtbot.waitUntil(lambda: sent.model.rowCount() == 1)
    row = row_of(sent, record_id)
    assert sent.model.index(row, 1).data() == "已采纳"
    assert sent.model.index(row, 3).data() == "阳江市江城区海韵贸易有限公司"
    click_cell(qtbot, sent.view, row)
    assert sent.detail.text().startswith("CF｜已采纳｜第 1 版｜阳江市江城区海韵贸易有限公司")
    assert sent.buttons["correct"].isEnabled() and sent.buttons["retract"].isEnabled()
    dashboard = window.pages["home"]
    accepted_card = dashboard.findChild(QLabel, "card_accepted")
    assert accepted_card is not None
    qtbot.waitUntil(lambda: accepted_card.text() == "1")
    log_page = go_to(qtbot, window, "sync")
    log_table = log_page.findChild(QAbstractItemView, "sync_log_table")
    assert log_table is not None and log_table.model().rowCount() == 2
    assert [log_table.model().index(r, 1).data() for r in range(2)] == ["成功", "成功"]


def test_a_wrong_password_is_reported(window: MainWindow, context: AppContext,
                                      dialogs: ScriptedDialogs, central: CentralServer,
                                      memory_keyring: MemoryKeyring, qtbot: QtBot) -> None:
    dialogs.login_answer = LoginInput(central.url, AGENCY, USER, "not the password",
                                      str(central.ca_file))
    window.actions_["sync"].trigger()
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=15_000)
    ((title, _text),) = dialogs.errors
    assert title == "登录失败"
    ((settings, message),) = dialogs.called("login")
    assert settings is None and message == "首次使用，请登录市信用信息系统。"
    assert context.sync_task is None  # nothing was sent
    assert context.sync_settings is not None and context.sync_settings.server == central.url


def test_an_expired_session_asks_for_the_password_then_syncs(
        window: MainWindow, context: AppContext, dialogs: ScriptedDialogs, store: Store,
        central: CentralServer, memory_keyring: MemoryKeyring, qtbot: QtBot) -> None:
    """Server settings from an earlier run, but no session: F5 asks for the password only."""
    record_id = store.create("CF", penalty_for_company()).record.id
    store.submit([record_id])
    context.configure(sync_settings(central))
    dialogs.login_answer = login_input(central)
    activate(qtbot, window)
    with qtbot.waitSignal(context.syncFinished, timeout=30_000) as first:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert first.args is not None and not first.args[0]["ok"]  # refused: not logged in
    ((settings, message),) = dialogs.called("login")  # asked right away
    assert settings == context.sync_settings and message == "登录已过期，请重新输入密码。"
    with qtbot.waitSignal(context.syncFinished, timeout=30_000) as second:
        pass  # logged in, the sync runs again by itself
    assert second.args is not None and second.args[0]["ok"], second.args
    assert store.get(record_id).state == State.SUBMITTED
    assert dialogs.errors == []
