"""The record editor: autosave while typing, saving and submitting, and getting typed input
back after the app died (the session marker of ygclient.ui.app)."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.catalog.records import penalty_for_company
from tests.sync.conftest import USER
from tests.ui.conftest import ScriptedDialogs, activate, ime
from ygclient.catalog import Catalog
from ygclient.clock import CHINA_TZ, FixedClock
from ygclient.store import State, Store
from ygclient.ui.app import SESSION_MARKER, mark_session, offer_restore, unclean_since
from ygclient.ui.context import AppContext
from ygclient.ui.editor import AUTOSAVE_MS, RecordEditor
from ygclient.ui.main_window import MainWindow

TYPED = {"CF_XDR_MC": "阳江市江城区海韵贸易有限公司", "CF_WSH": "YSJF-2026-12"}


@pytest.fixture
def open_editor(context: AppContext, qtbot: QtBot) -> Iterator[Callable[..., RecordEditor]]:
    editors: list[RecordEditor] = []

    def make(item: str = "CF", **options: object) -> RecordEditor:
        editor = RecordEditor(context, item, **options)  # type: ignore[arg-type]
        qtbot.addWidget(editor)
        editor.show()
        qtbot.waitExposed(editor)
        editors.append(editor)
        return editor

    yield make
    for editor in editors:
        editor.close()
    assert context.runner.shutdown()


def input_of(editor: RecordEditor, name: str) -> QWidget:
    return editor.form.rows[name].editor.focus_widget()


def type_into(qtbot: QtBot, editor: RecordEditor, values: dict[str, str]) -> None:
    for name, text in values.items():
        widget = input_of(editor, name)
        if text.isascii():
            widget.setFocus()
            qtbot.keyClicks(widget, text)
        else:
            ime(widget, text)


def wait_autosaved(qtbot: QtBot, editor: RecordEditor) -> None:
    """The autosave timer fires AUTOSAVE_MS after the last keystroke; its task then runs."""
    qtbot.waitUntil(lambda: editor.pending is not None and editor.pending.done,
                    timeout=AUTOSAVE_MS + 5000)
    assert editor.pending is not None and editor.pending.error is None


def test_typing_is_autosaved_as_a_draft(open_editor, store: Store, qtbot: QtBot) -> None:
    editor = open_editor()
    type_into(qtbot, editor, TYPED)
    assert editor.autosave_timer.isActive()
    started = time.monotonic()
    wait_autosaved(qtbot, editor)
    assert time.monotonic() - started >= AUTOSAVE_MS / 1000 - 0.2  # not on every keystroke
    drafts = store.list_records(states=[State.DRAFT]).rows
    assert [v.id for v in drafts] == [editor.record_id]
    assert drafts[0].subject_name == TYPED["CF_XDR_MC"]
    assert store.current_revision(drafts[0].id).draft_input == TYPED
    # More typing: the same record gets the new input, no second record appears.
    editor.autosave_timer.setInterval(100)  # the waiting was checked above; go faster now
    first = editor.pending
    type_into(qtbot, editor, {"CF_SY": "当事人销售过期食品。"})
    qtbot.waitUntil(lambda: editor.pending is not first and editor.pending is not None
                    and editor.pending.done, timeout=AUTOSAVE_MS + 5000)
    assert store.list_records().rows[0].id == editor.record_id
    assert len(store.list_records().rows) == 1
    assert store.current_revision(editor.record_id).draft_input == \
        TYPED | {"CF_SY": "当事人销售过期食品。"}


def test_nothing_typed_nothing_saved(open_editor, store: Store, qtbot: QtBot) -> None:
    editor = open_editor()
    assert editor.autosave() is None
    editor.close()
    assert store.list_records().rows == ()


def test_closing_saves_what_the_timer_has_not(open_editor, store: Store,
                                              qtbot: QtBot) -> None:
    editor = open_editor()
    type_into(qtbot, editor, TYPED)
    editor.close()  # before AUTOSAVE_MS has passed
    assert editor.pending is not None
    qtbot.waitUntil(lambda: editor.pending is not None and editor.pending.done)
    (view,) = store.list_records().rows
    assert store.current_revision(view.id).draft_input == TYPED


def test_save_with_errors_keeps_a_draft_and_submit_refuses(open_editor, store: Store,
                                                           qtbot: QtBot) -> None:
    editor = open_editor()
    type_into(qtbot, editor, TYPED)
    activate(qtbot, editor)
    input_of(editor, "CF_WSH").setFocus()
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.keyClick(input_of(editor, "CF_WSH"), Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
    assert saved.args is not None and saved.args[0].state == State.DRAFT
    assert editor.status.text() == "已保存为草稿：还有错误，改正后才能报送"
    assert not editor.autosave_timer.isActive()
    # Submitting with errors saves nothing more and says how many errors are left.
    count = len(editor.state.errors)
    assert editor.submit() is None
    assert str(count) in editor.status.text() and "错误" in editor.status.text()
    assert editor.form.rows["CF_XDR_LB"].message.text() == "「行政相对人类别」为必填项"
    assert store.get(saved.args[0].id).state == State.DRAFT
    assert len(store.list_records().rows) == 1


def test_a_valid_record_is_saved_ready_and_submitted(open_editor, store: Store,
                                                     qtbot: QtBot) -> None:
    editor = open_editor()
    editor.form.set_values(penalty_for_company())
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save()
    assert saved.args is not None and saved.args[0].state == State.READY
    assert editor.status.text() == "已保存：待报送"
    with qtbot.waitSignal(editor.saved, timeout=5000) as submitted:
        editor.submit()
    assert submitted.args is not None and submitted.args[0].state == State.QUEUED
    assert [v.id for v in store.list_records().rows] == [submitted.args[0].id]
    assert store.pending_operations() == 1


# --- after a crash --------------------------------------------------------------------------


def test_autosaved_input_is_restored_after_a_crash(open_editor, data_dir: Path, catalog: Catalog,
                                                   qtbot: QtBot) -> None:
    mark_session(data_dir)  # the app started; it never reaches its clean end
    editor = open_editor()
    type_into(qtbot, editor, TYPED)
    wait_autosaved(qtbot, editor)
    record_id = editor.record_id
    # The process dies here: no closeEvent, no end of session; the marker stays behind.
    assert (data_dir / SESSION_MARKER).exists()

    since = unclean_since(data_dir)
    assert since is not None
    with Store.open(data_dir, catalog, actor=USER) as again:
        context = AppContext(again, data_dir)
        dialogs = ScriptedDialogs()
        dialogs.confirm_answer = True
        window = MainWindow(context, dialogs)
        qtbot.addWidget(window)
        window.show()
        try:
            assert offer_restore(window, since) == 1
            ((title, text),) = dialogs.called("confirm")
            assert title == "恢复未完成的输入"
            assert "1 条" in text and TYPED["CF_XDR_MC"] in text
            (restored,) = window.editors
            assert restored.isVisible()
            assert restored.record_id == record_id
            assert restored.form.values() == TYPED
            for name, value in TYPED.items():
                assert restored.form.rows[name].editor.value() == value
        finally:
            window.close()


def test_no_restore_after_a_clean_exit(data_dir: Path) -> None:
    end_session = mark_session(data_dir)
    assert unclean_since(data_dir) is not None
    end_session()
    assert unclean_since(data_dir) is None


def test_declined_restore_opens_nothing(open_editor, window: MainWindow, dialogs: ScriptedDialogs,
                                        data_dir: Path, qtbot: QtBot) -> None:
    mark_session(data_dir)
    editor = open_editor()
    type_into(qtbot, editor, TYPED)
    wait_autosaved(qtbot, editor)
    dialogs.confirm_answer = False
    assert offer_restore(window, unclean_since(data_dir) or "") == 1
    assert window.editors == []


@pytest.fixture
def local_zone() -> Iterator[Callable[[str], None]]:
    """Run with the machine's time zone set to another zone (restored afterwards)."""
    previous = os.environ.get("TZ")

    def set_zone(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    yield set_zone
    if previous is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = previous
    time.tzset()


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "Asia/Tokyo"])
def test_restore_offers_exactly_the_drafts_of_the_lost_session(
        zone: str, local_zone: Callable[[str], None], data_dir: Path, catalog: Catalog,
        qtbot: QtBot) -> None:
    """The lost session is the one that started at the marker's time, wherever the PC's clock
    zone is set: a draft saved an hour before it is not offered, the one typed in it is."""
    local_zone(zone)
    clock = FixedClock(dt.datetime.now(CHINA_TZ) - dt.timedelta(hours=1))
    with Store.open(data_dir, catalog, actor=USER, clock=clock) as store:
        store.create("CF", {"CF_XDR_MC": "阳江市早前草稿商行"})  # an hour before the session
        mark_session(data_dir)
        clock.advance(dt.datetime.now(CHINA_TZ) + dt.timedelta(seconds=1) - clock.now())
        store.create("CF", {"CF_XDR_MC": "阳江市崩溃前草稿商行"})  # during the lost session
        since = unclean_since(data_dir)
        assert since is not None
        context = AppContext(store, data_dir)
        dialogs = ScriptedDialogs()
        dialogs.confirm_answer = False
        window = MainWindow(context, dialogs)
        qtbot.addWidget(window)
        try:
            offered = offer_restore(window, since)
            texts = [text for _title, text in dialogs.called("confirm")]
            assert offered == 1, f"session began {since}; offered: {texts}"
            assert "阳江市崩溃前草稿商行" in texts[0] and "早前" not in texts[0]
        finally:
            window.close()
