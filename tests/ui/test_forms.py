"""Generated forms for every demo catalog item: one editor per field type, required marks,
Tab order, conditional rules, the engine's messages beside the field, help texts, shortcuts,
and Chinese typed through the input method."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
)
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OFFSCREEN_POPUPS, activate, ime
from ygclient.catalog import Catalog, Field
from ygclient.forms.qt import (
    LONG_TEXT,
    CodeEditor,
    DateEditor,
    FieldEditor,
    LineEditor,
    MultiCodeEditor,
    RecordForm,
    TextAreaEditor,
)
from ygclient.forms.state import FormState

REQUIRED = "<span style='color:#b00020'>*</span>"


def _item_codes() -> list[str]:
    from ygclient.catalog import bundled_catalog

    return [item.code for item in bundled_catalog().items]


@pytest.fixture
def make_form(catalog: Catalog, qtbot: QtBot) -> Iterator[Callable[[str], RecordForm]]:
    forms: list[RecordForm] = []

    def make(code: str) -> RecordForm:
        form = RecordForm(catalog, FormState(catalog.validator(code)))
        qtbot.addWidget(form)
        form.resize(700, 900)
        form.show()
        qtbot.waitExposed(form)
        forms.append(form)
        return form

    yield make
    for form in forms:
        form.close()


def expected_editor(fld: Field) -> type[FieldEditor]:
    if fld.type == "code":
        return MultiCodeEditor if fld.multiple else CodeEditor
    if fld.type == "date":
        return DateEditor
    if fld.type == "string" and (fld.max_length or 0) > LONG_TEXT:
        return TextAreaEditor
    return LineEditor


def shown(form: RecordForm, name: str) -> bool:
    return form.layout_.isRowVisible(form.rows[name].label)


def marked(form: RecordForm, name: str) -> bool:
    return form.rows[name].label.text().startswith(REQUIRED)


def combo_text(editor: FieldEditor) -> QLineEdit:
    """The line a clerk types into in a searchable code combo."""
    assert isinstance(editor, CodeEditor)
    line = editor.combo.lineEdit()
    assert line is not None
    return line


def message(form: RecordForm, name: str) -> str:
    label = form.rows[name].message
    return label.text() if label.isVisible() else ""


def check_code(form: RecordForm, name: str, code: str) -> None:
    """Tick one value of a multi-value code list the way a click on its box does."""
    editor = form.rows[name].editor
    assert isinstance(editor, MultiCodeEditor)
    for row in range(editor.list.count()):
        entry = editor.list.item(row)
        if entry.data(Qt.ItemDataRole.UserRole) == code:
            entry.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{code} is not offered by {name}")


def field_widgets(form: RecordForm) -> list[str]:
    """The inputs of every visible field in field order: what Tab should visit."""
    names = []
    for fld in form.state.item.fields:
        if not shown(form, fld.name):
            continue
        editor = form.rows[fld.name].editor
        names.append(editor.focus_widget().objectName())
        if isinstance(editor, MultiCodeEditor) and not editor.other.isHidden():
            names.append(editor.other.objectName())  # 其他-… belongs to the same field
    return names


def tab_through(qtbot: QtBot, form: RecordForm, count: int) -> list[str]:
    """Object names of the field inputs focused by pressing Tab from the first field on."""
    first = form.rows[form.state.item.fields[0].name].editor.focus_widget()
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    visited: list[str] = []
    for _ in range(count * 2 + 5):
        widget = QApplication.focusWidget()
        assert widget is not None
        name = widget.objectName()
        if name.startswith(("input_", "other_")):
            if visited and name == visited[0]:
                break
            visited.append(name)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return visited


@pytest.mark.parametrize("code", _item_codes())
def test_every_item_gets_an_editor_per_field_type(make_form, catalog: Catalog,
                                                  code: str) -> None:
    form = make_form(code)
    item = catalog.item(code)
    assert list(form.rows) == [f.name for f in item.fields]
    states = catalog.validator(code).field_states({})
    for fld in item.fields:
        row = form.rows[fld.name]
        editor = row.editor
        assert type(editor) is expected_editor(fld), fld.name
        # The catalog's help text is the tooltip of the label and of the editor.
        assert row.label.toolTip() == fld.description
        assert editor.toolTip() == fld.description
        assert row.label.buddy() is editor.focus_widget()
        # Required fields carry the red * (and only they), as the engine decides.
        assert marked(form, fld.name) == states[fld.name].required, fld.name
        assert row.label.text().endswith(fld.title)
        assert not row.message.isVisible()  # nothing typed yet: no messages
        if isinstance(editor, LineEditor):
            unit = editor.findChild(QLabel, f"unit_{fld.name}")
            if fld.unit:
                assert unit is not None and unit.text() == fld.unit
            else:
                assert unit is None
            if fld.example:
                assert fld.example in editor.edit.placeholderText()
        elif isinstance(editor, TextAreaEditor):
            assert isinstance(editor.edit, QPlainTextEdit)
            assert editor.counter.text() == f"0/{fld.max_length}"
            assert editor.edit.tabChangesFocus()
        elif isinstance(editor, CodeEditor):
            assert isinstance(editor.combo, QComboBox) and editor.combo.isEditable()
            completer = editor.combo.completer()
            assert completer is not None
            assert completer.filterMode() == Qt.MatchFlag.MatchContains
            assert fld.code_list is not None
            offered = {editor.combo.itemData(i) for i in range(1, editor.combo.count())}
            assert offered == {v.code for v in catalog.code_lists[fld.code_list].values
                               if not v.deprecated}
        elif isinstance(editor, MultiCodeEditor):
            assert isinstance(editor.list, QListWidget)
        elif isinstance(editor, DateEditor):
            assert editor.button.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_field_types_of_the_demo_catalog_are_all_covered(catalog: Catalog) -> None:
    kinds = {expected_editor(f) for item in catalog.items for f in item.fields}
    assert kinds == {LineEditor, TextAreaEditor, DateEditor, CodeEditor, MultiCodeEditor}
    multi = [f.name for item in catalog.items for f in item.fields
             if expected_editor(f) is MultiCodeEditor]
    assert multi == ["CF_CFLB"]
    units = [f.name for item in catalog.items for f in item.fields if f.unit]
    assert "CF_NR_FK" in units


@pytest.mark.parametrize("code", _item_codes())
def test_tab_follows_the_field_order(make_form, qtbot: QtBot, code: str) -> None:
    form = make_form(code)
    expected = field_widgets(form)
    assert tab_through(qtbot, form, len(expected)) == expected


def test_tab_skips_hidden_fields(make_form, qtbot: QtBot) -> None:
    form = make_form("XK")
    combo = form.rows["XK_XDR_LB"].editor
    assert isinstance(combo, CodeEditor)
    combo.combo.setCurrentIndex(combo.combo.findData("自然人"))
    expected = field_widgets(form)
    assert "input_XK_FRDB" not in expected and "input_XK_XDR_ZJHM" in expected
    assert tab_through(qtbot, form, len(expected)) == expected


@OFFSCREEN_POPUPS
def test_natural_person_shows_and_requires_id_fields(make_form) -> None:
    form = make_form("CF")
    assert shown(form, "CF_FRDB") and shown(form, "CF_XDR_ZJHM")
    assert not marked(form, "CF_XDR_ZJLX") and not marked(form, "CF_XDR_ZJHM")
    combo = form.rows["CF_XDR_LB"].editor
    assert isinstance(combo, CodeEditor)
    ime(combo_text(combo), "自然人")  # typed, not picked: the combo is searchable
    assert form.state.values["CF_XDR_LB"] == "自然人"
    for name in ("CF_XDR_ZJLX", "CF_XDR_ZJHM"):
        assert shown(form, name) and marked(form, name), name
    for name in ("CF_FRDB", "CF_XDR_SHXYM", "CF_FR_ZJLX", "CF_FR_ZJHM"):
        assert not shown(form, name), name
    # A company: the other way round.
    combo_text(combo).clear()
    combo.combo.setCurrentIndex(combo.combo.findData("法人及非法人组织"))
    assert form.state.values["CF_XDR_LB"] == "法人及非法人组织"
    assert shown(form, "CF_FRDB") and marked(form, "CF_FRDB") and marked(form, "CF_XDR_SHXYM")
    assert not shown(form, "CF_XDR_ZJLX") and not shown(form, "CF_XDR_ZJHM")


def test_a_fine_makes_the_amount_required(make_form) -> None:
    form = make_form("CF")
    assert not marked(form, "CF_NR_FK")
    check_code(form, "CF_CFLB", "警告")
    assert not marked(form, "CF_NR_FK")
    check_code(form, "CF_CFLB", "罚款")
    assert form.state.values["CF_CFLB"] == ["警告", "罚款"]
    assert marked(form, "CF_NR_FK") and not marked(form, "CF_NR_WFFF")
    check_code(form, "CF_CFLB", "没收违法所得")
    assert marked(form, "CF_NR_WFFF")
    form.show_all_messages()
    assert message(form, "CF_NR_FK").startswith("「罚款金额（万元）」为必填项")


def test_messages_appear_beside_the_field_as_the_clerk_types(make_form, qtbot: QtBot) -> None:
    form = make_form("CF")
    edit = form.rows["CF_XDR_SHXYM"].editor.focus_widget()
    edit.setFocus()
    qtbot.keyClicks(edit, "91441700MA4W12346X")  # the check character should be H
    assert message(form, "CF_XDR_SHXYM") == \
        "「行政相对人代码_1(统一社会信用代码)」校验位错误：应为 H，实为 X"
    assert "b00020" in form.rows["CF_XDR_SHXYM"].message.styleSheet()
    # Only touched fields speak; the others wait for save or submit.
    assert message(form, "CF_XDR_MC") == ""
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, "H")
    assert message(form, "CF_XDR_SHXYM") == ""
    # A number with its unit: a fine written in 元 is caught by the engine.
    amount = form.rows["CF_NR_FK"].editor.focus_widget()
    qtbot.keyClicks(amount, "abc")
    assert "罚款金额（万元）" in message(form, "CF_NR_FK")
    form.show_all_messages()
    assert message(form, "CF_XDR_MC") == "「行政相对人名称」为必填项"
    assert form.first_error_widget() is form.rows["CF_XDR_MC"].editor.focus_widget()


@OFFSCREEN_POPUPS
@pytest.mark.parametrize("typed", ["2026-03-05", "2026/3/5", "2026.03.05", "20260305",
                                   "2026年3月5日"])
def test_dates_accept_every_typed_form(make_form, qtbot: QtBot, typed: str) -> None:
    form = make_form("CF")
    edit = form.rows["CF_JDRQ"].editor.focus_widget()
    if typed.isascii():
        edit.setFocus()
        qtbot.keyClicks(edit, typed)
    else:
        ime(edit, typed)
    assert form.state.result.normalized["CF_JDRQ"] == "2026-03-05"
    assert message(form, "CF_JDRQ") == ""


def test_a_date_that_does_not_exist_is_explained(make_form, qtbot: QtBot) -> None:
    form = make_form("CF")
    edit = form.rows["CF_JDRQ"].editor.focus_widget()
    edit.setFocus()
    qtbot.keyClicks(edit, "2026-02-30")
    assert "2026年没有2月30日" in message(form, "CF_JDRQ")


def test_the_calendar_picks_a_date(make_form) -> None:
    from PySide6.QtCore import QDate

    form = make_form("CF")
    editor = form.rows["CF_JDRQ"].editor
    assert isinstance(editor, DateEditor)
    editor.calendar.clicked.emit(QDate(2026, 3, 5))
    assert form.state.values["CF_JDRQ"] == "2026-03-05"


@OFFSCREEN_POPUPS
def test_code_combo_is_searchable(make_form) -> None:
    form = make_form("XYPJ")
    editor = form.rows["XYPJ_PJJG"].editor
    assert isinstance(editor, CodeEditor)
    completer = editor.combo.completer()
    assert completer is not None
    completer.setCompletionPrefix("失信")  # part of the label, not its start
    found = [completer.completionModel().index(i, 0).data()
             for i in range(completer.completionCount())]
    assert found == ["C级（失信）（C）", "D级（严重失信）（D）"]
    ime(combo_text(editor), "D级（严重失信）（D）")
    assert form.state.values["XYPJ_PJJG"] == "D"
    assert message(form, "XYPJ_PJJG") == ""
    combo_text(editor).clear()
    ime(combo_text(editor), "E级")
    assert "不在代码表中" in message(form, "XYPJ_PJJG")


def test_long_text_counts_characters(make_form) -> None:
    form = make_form("CF")
    editor = form.rows["CF_NR"].editor
    assert isinstance(editor, TextAreaEditor)
    ime(editor.edit, "警告，并处罚款2000元。")
    assert editor.counter.text() == "13/4000"
    assert form.state.values["CF_NR"] == "警告，并处罚款2000元。"
    editor.edit.setPlainText("罚" * 4001)
    assert editor.counter.text() == "4001/4000"
    assert "b00020" in editor.counter.styleSheet()
    assert message(form, "CF_NR") == "「处罚内容」最多 4000 个字，实为 4001 个字"


def test_chinese_typed_with_the_input_method(make_form) -> None:
    form = make_form("CF")
    edit = form.rows["CF_XDR_MC"].editor.focus_widget()
    assert isinstance(edit, QLineEdit)
    ime(edit, "阳江市江城区")
    ime(edit, "海韵贸易有限公司")
    assert edit.text() == "阳江市江城区海韵贸易有限公司"
    assert form.state.values["CF_XDR_MC"] == "阳江市江城区海韵贸易有限公司"
    assert message(form, "CF_XDR_MC") == ""


def test_shortcuts_request_save_and_submit(make_form, qtbot: QtBot) -> None:
    form = make_form("CF")
    activate(qtbot, form)
    edit = form.rows["CF_WSH"].editor.focus_widget()
    edit.setFocus()
    with qtbot.waitSignal(form.saveRequested, timeout=1000):
        qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(form.submitRequested, timeout=1000):
        qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(form.submitRequested, timeout=1000):
        qtbot.keyClick(edit, Qt.Key.Key_Enter,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier)


def test_values_in_and_out(make_form) -> None:
    from tests.catalog.records import penalty_for_company

    form = make_form("CF")
    record = penalty_for_company()
    form.set_values(record)
    assert form.state.valid, form.state.errors
    values = form.values()
    assert values["CF_CFLB"] == ["警告", "罚款"]
    assert {k: v for k, v in values.items() if k != "CF_CFLB"} == \
        {k: v for k, v in record.items() if k != "CF_CFLB"}
    assert all(message(form, f.name) == "" for f in form.state.item.fields)
