"""Record actions from the lists of the main window: delete a draft, start a correction
(the editor in correction mode shows 原值 beside changed fields), retract, submit, cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from tests.catalog.records import penalty_for_company
from tests.ui.conftest import ScriptedDialogs, accepted, activate, company, ime
from ygclient.forms.qt import TextAreaEditor
from ygclient.store import State, Store
from ygclient.ui.context import AppContext
from ygclient.ui.editor import RecordEditor
from ygclient.ui.main_window import MainWindow
from ygclient.ui.notices import ChangesPage
from ygclient.ui.pages import RecordsPage

REASON = "罚款金额录入错误，应为 3000 元"


def open_list(qtbot: QtBot, window: MainWindow, key: str, rows: int) -> RecordsPage:
    window.show_page(key)
    page = window.pages[key]
    assert isinstance(page, RecordsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == rows)
    return page


def select(page: RecordsPage, record_id: str) -> None:
    for row in range(page.model.rowCount()):
        if page.model.record(row).id == record_id:
            page.view.selectRow(row)
            current = page.current()
            assert current is not None and current.id == record_id
            return
    raise AssertionError(f"{record_id} is not in {page.key}")


def open_changes(qtbot: QtBot, window: MainWindow, rows: int) -> ChangesPage:
    window.show_page("changes")
    page = window.pages["changes"]
    assert isinstance(page, ChangesPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == rows)
    return page


def select_change(page: ChangesPage, record_id: str) -> None:
    rows = [change.record_id for change in page.model.rows]
    page.view.selectRow(rows.index(record_id))
    current = page.current()
    assert current is not None and current.record_id == record_id


def press(qtbot: QtBot, page: RecordsPage | ChangesPage, action: str) -> None:
    button = page.buttons[action]
    assert button.isEnabled(), f"{action} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_buttons_follow_the_selected_state(window: MainWindow, store: Store,
                                           qtbot: QtBot) -> None:
    draft = store.create("CF", {"CF_XDR_MC": "阳江市未填完商行"}).record.id
    page = open_list(qtbot, window, "drafts", 1)
    assert not any(button.isEnabled() for button in page.buttons.values())  # nothing selected
    select(page, draft)
    assert page.buttons["edit"].isEnabled() and page.buttons["delete"].isEnabled()
    assert not page.buttons["submit"].isEnabled()  # a draft with errors cannot be sent
    record = accepted(store, company(1))
    sent = open_list(qtbot, window, "sent", 1)
    select(sent, record)
    assert sent.buttons["correct"].isEnabled() and sent.buttons["retract"].isEnabled()
    assert not sent.buttons["edit"].isEnabled() and not sent.buttons["submit"].isEnabled()


def test_delete_a_draft_after_confirming(window: MainWindow, context: AppContext, store: Store,
                                         dialogs: ScriptedDialogs, qtbot: QtBot) -> None:
    draft = store.create("CF", {"CF_XDR_MC": "阳江市未填完商行"}).record.id
    page = open_list(qtbot, window, "drafts", 1)
    select(page, draft)
    dialogs.confirm_answer = False
    press(qtbot, page, "delete")
    ((title, text),) = dialogs.called("confirm")
    assert title == "删除草稿" and "不能撤回" in text
    assert store.get(draft).state == State.DRAFT  # declined: still there

    dialogs.confirm_answer = True
    with qtbot.waitSignal(context.recordsChanged, timeout=5000):
        press(qtbot, page, "delete")
    assert store.list_records().rows == ()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert not page.buttons["delete"].isEnabled()
    assert dialogs.errors == []


def test_correction_opens_the_editor_with_the_previous_values(
        window: MainWindow, context: AppContext, store: Store, dialogs: ScriptedDialogs,
        qtbot: QtBot) -> None:
    record = accepted(store, penalty_for_company())
    page = open_list(qtbot, window, "sent", 1)
    select(page, record)
    dialogs.correction_answer = None  # cancelled: nothing happens
    press(qtbot, page, "correct")
    assert store.get(record).state == State.ACCEPTED and window.editors == []

    dialogs.correction_answer = REASON
    press(qtbot, page, "correct")
    qtbot.waitUntil(lambda: len(window.editors) == 1)
    (editor,) = window.editors
    assert store.get(record).state == State.CORRECTION
    assert editor.isVisible() and editor.record_id == record
    assert editor.windowTitle() == "行政处罚信息（CF）：变更"
    note = editor.findChild(QLabel, "correction_note")
    assert note is not None and note.isVisible()
    assert editor.form.values()["CF_NR_FK"] == "0.2"
    # Nothing changed yet: no 原值 anywhere.
    assert not any(row.message.isVisible() for row in editor.form.rows.values())

    activate(qtbot, editor)
    amount = editor.form.rows["CF_NR_FK"].editor.focus_widget()
    amount.setFocus()
    qtbot.keyClick(amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(amount, "0.3")
    fk_message = editor.form.rows["CF_NR_FK"].message
    assert fk_message.isVisible() and fk_message.text().startswith("原值：0.2　")
    assert "不一致" in fk_message.text()  # the engine's warning follows the old value
    text = editor.form.rows["CF_NR"].editor
    assert isinstance(text, TextAreaEditor)
    text.edit.clear()
    ime(text.edit, "警告，并处罚款3000元。")
    assert fk_message.text() == "原值：0.2"
    assert editor.form.rows["CF_NR"].message.text() == "原值：警告，并处罚款2000元。"
    assert editor.state.changed_fields() == ["CF_NR", "CF_NR_FK"]
    # Unchanged fields stay quiet.
    assert not editor.form.rows["CF_XDR_MC"].message.isVisible()
    # A change back is no change.
    qtbot.keyClick(amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(amount, "0.2")
    assert not fk_message.text().startswith("原值")
    assert editor.state.changed_fields() == ["CF_NR"]
    qtbot.keyClick(amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(amount, "0.3")

    # Saved and submitted as a correction of the accepted revision.
    reason = editor.findChild(QLineEdit, "correction_reason")
    assert reason is not None
    if not reason.text():
        reason.setText(REASON)
    with qtbot.waitSignal(editor.saved, timeout=5000) as submitted:
        editor.submit()
    assert submitted.args is not None and submitted.args[0].state == State.QUEUED
    (body,) = store.pending_outbox_bodies()
    assert body["op"] == "correct" and body["reason"] == REASON
    assert body["payload"]["CF_NR_FK"] == "0.3"
    assert body["replaces_revision_id"] == store.get(record).accepted_revision_id
    assert dialogs.errors == []


def test_correction_editor_keeps_the_reason_given(window: MainWindow, store: Store,
                                                  dialogs: ScriptedDialogs,
                                                  qtbot: QtBot) -> None:
    """The clerk gave the reason when starting the correction; the editor does not ask for it
    a second time (and a save does not replace it with something else)."""
    record = accepted(store, penalty_for_company())
    page = open_list(qtbot, window, "sent", 1)
    select(page, record)
    dialogs.correction_answer = REASON
    press(qtbot, page, "correct")
    qtbot.waitUntil(lambda: len(window.editors) == 1)
    (editor,) = window.editors
    assert store.current_revision(record).reason == REASON
    reason = editor.findChild(QLineEdit, "correction_reason")
    assert reason is not None
    assert reason.text() == REASON


def test_reopening_a_correction_shows_the_previous_values(window: MainWindow, store: Store,
                                                          qtbot: QtBot) -> None:
    record = accepted(store, penalty_for_company())
    changed = penalty_for_company() | {"CF_NR_FK": "0.3", "CF_NR": "警告，并处罚款3000元。"}
    store.start_correction(record, REASON, changed)
    page = open_changes(qtbot, window, 1)
    select_change(page, record)
    press(qtbot, page, "edit")
    (editor,) = window.editors
    assert isinstance(editor, RecordEditor)
    messages = {name: row.message.text() for name, row in editor.form.rows.items()
                if row.message.isVisible()}
    assert messages == {"CF_NR": "原值：警告，并处罚款2000元。", "CF_NR_FK": "原值：0.2"}


def test_retraction_with_reason_and_basis_is_queued(window: MainWindow, context: AppContext,
                                                    store: Store, dialogs: ScriptedDialogs,
                                                    qtbot: QtBot) -> None:
    record = accepted(store, penalty_for_company())
    page = open_list(qtbot, window, "sent", 1)
    select(page, record)
    dialogs.retraction_answer = None  # cancelled
    press(qtbot, page, "retract")
    assert dialogs.called("retraction") == [("阳江市江城区海韵贸易有限公司 阳市监罚〔2026〕12号",)]
    assert store.get(record).state == State.ACCEPTED

    dialogs.retraction_answer = ("处罚决定已被复议机关撤销", "阳府复决〔2026〕3号")
    with qtbot.waitSignal(context.recordsChanged, timeout=5000):
        press(qtbot, page, "retract")
    assert store.get(record).state == State.QUEUED
    (body,) = store.pending_outbox_bodies()
    assert (body["op"], body["reason"], body["legal_basis"]) == \
        ("retract", "处罚决定已被复议机关撤销", "阳府复决〔2026〕3号")
    qtbot.waitUntil(lambda: window.queued_label.text() == "待发送 1 条")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)  # no longer among the sent ones
    to_send = open_list(qtbot, window, "to_send", 1)
    assert to_send.model.index(0, 1).data() == "排队待发送"
    assert dialogs.errors == []


def test_submit_from_the_list(window: MainWindow, context: AppContext, store: Store,
                              qtbot: QtBot) -> None:
    ready = store.create("CF", company(1)).record.id
    page = open_list(qtbot, window, "to_send", 1)
    select(page, ready)
    with qtbot.waitSignal(context.recordsChanged, timeout=5000):
        press(qtbot, page, "submit")
    assert store.get(ready).state == State.QUEUED
    qtbot.waitUntil(lambda: page.model.index(0, 1).data() == "排队待发送")


def test_cancel_a_correction(window: MainWindow, context: AppContext, store: Store,
                             qtbot: QtBot) -> None:
    record = accepted(store, penalty_for_company())
    store.start_correction(record, REASON)
    page = open_changes(qtbot, window, 1)
    select_change(page, record)
    with qtbot.waitSignal(context.recordsChanged, timeout=5000):
        press(qtbot, page, "cancel")
    assert store.get(record).state == State.ACCEPTED
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)


def test_a_refused_action_is_explained(window: MainWindow, context: AppContext, store: Store,
                                       dialogs: ScriptedDialogs, qtbot: QtBot) -> None:
    ready = store.create("CF", company(1)).record.id
    page = open_list(qtbot, window, "to_send", 1)
    select(page, ready)
    store.submit([ready])  # meanwhile, from another window
    press(qtbot, page, "submit")  # the list still shows it as ready
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=5000)
    ((title, text),) = dialogs.errors
    assert title == "操作未完成" and "排队待发送" in text
