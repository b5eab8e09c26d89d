"""The Qt half of generated forms: one widget per catalog field type, rendering a FormState.

Nothing here decides validity or visibility: every keystroke goes into the FormState, and the
widgets show what the catalog engine says (ygclient.forms.state).

Signals of :class:`RecordForm`: ``changed()`` after any edit; ``saveRequested()`` (Ctrl+S);
``submitRequested()`` (Ctrl+Enter).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ygclient.catalog import Catalog, Field
from ygclient.forms.state import FieldView, FormState

LONG_TEXT = 200  # text fields allowing more than this many characters get a text area
ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"


def _fill(message: str, *values: object) -> str:
    """%1, %2… replaced in one pass (a value that itself contains "%2" stays as it is)."""
    return re.sub(r"%([1-9])", lambda m: str(values[int(m.group(1)) - 1])
                  if int(m.group(1)) <= len(values) else m.group(0), message)


class FieldEditor(QWidget):
    """Base of the per-type editors: ``valueChanged()`` whenever the value changes."""

    valueChanged = Signal()

    def __init__(self, fld: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = fld
        self.setObjectName(f"editor_{fld.name}")
        self.setToolTip(fld.description)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self

    def focus_chain(self) -> list[QWidget]:
        """The inputs Tab visits in this editor, in order (the first is focus_widget())."""
        return [self.focus_widget()]


class LineEditor(FieldEditor):
    """Text, numbers (with the unit shown), identifiers (monospace, upper case)."""

    def __init__(self, fld: Field, parent: QWidget | None = None) -> None:
        super().__init__(fld, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(f"input_{fld.name}")
        if fld.max_length:
            self.edit.setMaxLength(fld.max_length + 20)  # the engine says "too long", not Qt
        if fld.type in ("uscc", "org_code", "cn_id", "id_document"):
            self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        if fld.example:
            self.edit.setPlaceholderText(self.tr("如 %1").replace("%1", fld.example))
        layout.addWidget(self.edit, 1)
        if fld.unit:
            unit = QLabel(fld.unit, self)
            unit.setObjectName(f"unit_{fld.name}")
            layout.addWidget(unit)
        self.edit.textChanged.connect(self.valueChanged)

    def value(self) -> Any:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.edit


class TextAreaEditor(FieldEditor):
    """Long text with a character counter (e.g. 12/4000)."""

    def __init__(self, fld: Field, parent: QWidget | None = None) -> None:
        super().__init__(fld, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(f"input_{fld.name}")
        self.edit.setTabChangesFocus(True)  # keyboard-only entry: Tab moves on
        self.edit.setFixedHeight(64)
        self.counter = QLabel(self)
        self.counter.setObjectName(f"counter_{fld.name}")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.edit)
        layout.addWidget(self.counter)
        self.edit.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        count = len(self.edit.toPlainText())
        limit = self.field.max_length
        self.counter.setText(f"{count}/{limit}" if limit else str(count))
        self.counter.setStyleSheet(ERROR_STYLE if limit and count > limit else "")
        self.valueChanged.emit()

    def value(self) -> Any:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.edit


class DateEditor(FieldEditor):
    """A date that accepts typing in every form the engine knows, with a calendar to pick from."""

    def __init__(self, fld: Field, parent: QWidget | None = None) -> None:
        super().__init__(fld, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(f"input_{fld.name}")
        self.edit.setPlaceholderText("2026-03-05")
        self.button = QToolButton(self)
        self.button.setObjectName(f"calendar_{fld.name}")
        self.button.setText(self.tr("日历"))  # text: no emoji font on a stock Debian desktop
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep Tab order on the inputs
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget(menu)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.button.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.edit.textChanged.connect(self.valueChanged)

    def _picked(self, date: QDate) -> None:
        self.edit.setText(date.toString("yyyy-MM-dd"))
        menu = self.button.menu()
        if menu is not None:
            menu.close()

    def value(self) -> Any:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.edit


class CodeEditor(FieldEditor):
    """A searchable combo box over a code list; free text stays possible for 其他-具体类别."""

    def __init__(self, fld: Field, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(fld, parent)
        assert fld.code_list is not None
        code_list = catalog.code_lists[fld.code_list]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setObjectName(f"input_{fld.name}")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItem("", "")
        for value in code_list.values:
            if value.deprecated:
                continue
            shown = value.code if value.code == value.label else \
                _fill(self.tr("%1（%2）", "a code list entry: its label, then its code"),
                      value.label, value.code)
            self.combo.addItem(shown, value.code)
        completer = QCompleter([self.combo.itemText(i) for i in range(self.combo.count())],
                               self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCompleter(completer)
        layout.addWidget(self.combo, 1)
        self.combo.currentTextChanged.connect(self.valueChanged)

    def value(self) -> Any:
        text = self.combo.currentText().strip()
        index = self.combo.findText(text)
        if index >= 0:
            return self.combo.itemData(index)
        return text  # typed: the engine matches labels, aliases and 其他-…

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value not in (None, "") else 0
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setEditText(str(value))

    def focus_widget(self) -> QWidget:
        return self.combo


class MultiCodeEditor(FieldEditor):
    """Several values of a code list: a list of check boxes (Space toggles)."""

    def __init__(self, fld: Field, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(fld, parent)
        assert fld.code_list is not None
        code_list = catalog.code_lists[fld.code_list]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setObjectName(f"input_{fld.name}")
        for value in code_list.values:
            if value.deprecated or value.needs_detail:
                continue
            entry = QListWidgetItem(value.label, self.list)
            entry.setData(Qt.ItemDataRole.UserRole, value.code)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
        # Room for up to six entries, measured (rows are ~16 px with some fonts, ~22 with others).
        row_height = max(self.list.sizeHintForRow(0), self.list.fontMetrics().height() + 4)
        self.list.setFixedHeight(min(6, self.list.count()) * row_height
                                 + 2 * self.list.frameWidth() + 2)
        self.other = QLineEdit(self)
        self.other.setObjectName(f"other_{fld.name}")
        # The prefix is the catalog's (data): the clerk types it as it is, e.g. 其他-….
        self.other.setPlaceholderText(self.tr("其他（写明具体类别，如 %1…）")
                                      .replace("%1", code_list.other_prefix or ""))
        layout.addWidget(self.list)
        if code_list.other_prefix:
            layout.addWidget(self.other)
        else:
            self.other.hide()
        self.list.itemChanged.connect(lambda _item: self.valueChanged.emit())
        self.other.textChanged.connect(self.valueChanged)

    def value(self) -> Any:
        codes = [str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                 for i in range(self.list.count())
                 if self.list.item(i).checkState() == Qt.CheckState.Checked]
        other = self.other.text().strip()
        if other:
            codes.append(other)
        return codes

    def set_value(self, value: Any) -> None:
        values = value if isinstance(value, list) else [v for v in str(value or "").split(";")
                                                        if v]
        self.list.blockSignals(True)
        known = set()
        for i in range(self.list.count()):
            code = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            checked = code in values
            known.add(code)
            self.list.item(i).setCheckState(Qt.CheckState.Checked if checked
                                            else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.other.setText(";".join(v for v in values if v not in known))
        self.valueChanged.emit()

    def focus_widget(self) -> QWidget:
        return self.list

    def focus_chain(self) -> list[QWidget]:
        return [self.list] if self.other.isHidden() else [self.list, self.other]


def make_editor(fld: Field, catalog: Catalog, parent: QWidget | None = None) -> FieldEditor:
    """The editor for a field's type."""
    if fld.type == "code":
        if fld.multiple:
            return MultiCodeEditor(fld, catalog, parent)
        return CodeEditor(fld, catalog, parent)
    if fld.type == "date":
        return DateEditor(fld, parent)
    if fld.type == "string" and (fld.max_length or 0) > LONG_TEXT:
        return TextAreaEditor(fld, parent)
    return LineEditor(fld, parent)


class _Row:
    """The label, editor and message of one field in the form layout."""

    def __init__(self, fld: Field, editor: FieldEditor, label: QLabel, message: QLabel) -> None:
        self.field, self.editor, self.label, self.message = fld, editor, label, message


class RecordForm(QWidget):
    """A form generated from one catalog item, rendering a FormState as the clerk types."""

    changed = Signal()
    saveRequested = Signal()
    submitRequested = Signal()

    def __init__(self, catalog: Catalog, state: FormState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.state = state
        self.setObjectName(f"form_{state.item.code}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("form_summary")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        self.layout_ = QFormLayout(body)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.rows: dict[str, _Row] = {}
        previous: QWidget | None = None
        for fld in state.item.fields:
            editor = make_editor(fld, catalog, body)
            label = QLabel(body)
            label.setObjectName(f"label_{fld.name}")
            label.setToolTip(fld.description)
            label.setBuddy(editor.focus_widget())
            message = QLabel(body)
            message.setObjectName(f"message_{fld.name}")
            message.setWordWrap(True)
            cell = QWidget(body)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(1)
            cell_layout.addWidget(editor)
            cell_layout.addWidget(message)
            self.layout_.addRow(label, cell)
            row = _Row(fld, editor, label, message)
            self.rows[fld.name] = row
            editor.set_value(state.values.get(fld.name))
            editor.valueChanged.connect(lambda name=fld.name: self._edited(name))
            for widget in editor.focus_chain():
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        QShortcut(QKeySequence.StandardKey.Save, self, self.saveRequested.emit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submitRequested.emit)
        self.refresh()

    def _edited(self, name: str) -> None:
        self.state.set(name, self.rows[name].editor.value())
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        """Show what the engine says: visibility, required marks, messages."""
        for view in self.state.views():
            self._render(self.rows[view.field.name], view)
        record = self.state.record_issues()
        self.summary.setText("；".join(i.message for i in record))
        self.summary.setVisible(bool(record))

    def _render(self, row: _Row, view: FieldView) -> None:
        title = view.field.title
        row.label.setText(f"<span style='color:#b00020'>*</span>{title}" if view.required
                          else title)
        self.layout_.setRowVisible(row.label, view.visible)
        text, style = "", ""
        if view.error:
            text, style = view.error, ERROR_STYLE
        elif view.warning:
            text, style = view.warning, WARNING_STYLE
        if view.changed:
            shown = view.previous if view.previous not in (None, "", []) else self.tr("（空）")
            if isinstance(shown, list):
                shown = self.tr("；", "between the values of a multiple choice").join(shown)
            if text:
                text = _fill(self.tr("原值：%1　%2", "the old value, then the field's message"),
                             shown, text)
            else:
                text = _fill(self.tr("原值：%1"), shown)
            style = style or WARNING_STYLE
        row.message.setText(text)
        row.message.setStyleSheet(style)
        row.message.setVisible(bool(text))

    def show_all_messages(self) -> None:
        self.state.touch_all()
        self.refresh()

    def values(self) -> dict[str, Any]:
        return dict(self.state.values)

    def set_values(self, values: Mapping[str, Any]) -> None:
        for name, row in self.rows.items():
            row.editor.blockSignals(True)
            row.editor.set_value(values.get(name))
            row.editor.blockSignals(False)
            self.state.set(name, row.editor.value())
        self.state.touched.clear()
        self.refresh()

    def first_error_widget(self) -> QWidget | None:
        for view in self.state.views():
            if view.visible and view.error:
                return self.rows[view.field.name].editor.focus_widget()
        return None
