"""The record editor: a generated form, save and submit, autosave, correction mode.

Signals of :class:`RecordEditor`: ``saved(RecordView)`` after each explicit save or submit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ygclient.forms.qt import RecordForm
from ygclient.forms.state import FormState
from ygclient.store import RecordView, SaveResult, State, StoreError
from ygclient.ui.context import AppContext
from ygclient.ui.display import StateLabel
from ygclient.ui.tasks import TaskHandle
from ygclient.ui.text import fill

AUTOSAVE_MS = 1500


class RecordEditor(QDialog):
    saved = Signal(object)

    def __init__(self, context: AppContext, item_code: str, *, record_id: str | None = None,
                 values: Mapping[str, Any] | None = None,
                 previous: Mapping[str, Any] | None = None, reason: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record_id = record_id
        self.pending: TaskHandle | None = None
        self._dirty = False
        item = context.catalog.item(item_code)
        self.setObjectName("record_editor")
        self.setWindowTitle(fill(self.tr("%1（%2）：变更") if previous
                                 else self.tr("%1（%2）"), item.name, item.code))
        self.resize(760, 720)
        self.state = FormState(context.store.validator(item_code), dict(values or {}),
                               previous=previous)
        layout = QVBoxLayout(self)
        if previous is not None:
            note = QLabel(self.tr("变更模式：与现行版本不同的信息项下方显示原值。"), self)
            note.setObjectName("correction_note")
            layout.addWidget(note)
            self.reason: QLineEdit | None = QLineEdit(self)
            self.reason.setObjectName("correction_reason")
            self.reason.setPlaceholderText(self.tr("变更原因（必填）"))
            self.reason.setText(reason or "")  # given when the correction was started
            layout.addWidget(self.reason)
        else:
            self.reason = None
        self.form = RecordForm(context.catalog, self.state, self)
        layout.addWidget(self.form, 1)
        self.status = QLabel(self)
        self.status.setObjectName("editor_status")
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"), self)
        self.save_button.setObjectName("save_button")
        self.submit_button = QPushButton(self.tr("提交报送 (Ctrl+Enter)"), self)
        self.submit_button.setObjectName("submit_button")
        close = QPushButton(self.tr("关闭"), self)
        buttons.addStretch(1)
        for button in (self.save_button, self.submit_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        close.clicked.connect(self.close)
        self.form.saveRequested.connect(self.save)
        self.form.submitRequested.connect(self.submit)
        self.form.changed.connect(self._changed)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)

    # --- autosave ---------------------------------------------------------------------------

    def _changed(self) -> None:
        self._dirty = True
        self.autosave_timer.start()

    def autosave(self) -> TaskHandle | None:
        """Keep what was typed (a new form becomes a draft record the first time)."""
        if not self._dirty or (self.pending is not None and not self.pending.done):
            return None
        values = self.form.values()
        if not values:
            return None
        self._dirty = False
        store = self.context.store
        if self.record_id is None:
            code = self.state.item.code
            return self._run("autosave", lambda: store.create(code, values), self._created)
        record_id = self.record_id
        return self._run("autosave", lambda: store.autosave(record_id, values), None)

    def _created(self, result: SaveResult) -> None:
        self.record_id = result.record.id

    # --- save and submit -----------------------------------------------------------------

    def save(self) -> TaskHandle | None:
        return self._save(submit=False)

    def submit(self) -> TaskHandle | None:
        self.form.show_all_messages()
        if not self.state.valid:
            self._show_errors()
            return None
        return self._save(submit=True)

    def _save(self, submit: bool) -> TaskHandle | None:
        if self.pending is not None and not self.pending.done:
            self.pending.finished.connect(lambda: self._save(submit))  # after the autosave
            return None
        self.autosave_timer.stop()
        self._dirty = False
        if self.reason is not None and not self.reason.text().strip():
            self.status.setText(self.tr("请填写变更原因"))
            self.status.setStyleSheet("color: #b00020;")
            self.reason.setFocus()
            return None
        values = self.form.values()
        store = self.context.store
        record_id = self.record_id
        code = self.state.item.code
        reason = self.reason.text().strip() if self.reason is not None else None

        def work() -> RecordView:
            if record_id is None:
                saved = store.create(code, values).record
            else:
                saved = store.edit(record_id, values, reason=reason).record
            if submit:
                saved = store.submit([saved.id])[0]
            return saved

        return self._run("submit" if submit else "save", work, self._saved)

    def _saved(self, view: RecordView) -> None:
        self.record_id = view.id
        self.form.show_all_messages()
        if view.state == State.DRAFT:
            self.status.setText(self.tr("已保存为草稿：还有错误，改正后才能报送"))
            self.status.setStyleSheet("color: #8a5a00;")
        else:
            self.status.setText(fill(self.tr("已保存：%1"), StateLabel.of(view.state)))
            self.status.setStyleSheet("color: #1b5e20;")
        self.saved.emit(view)

    def _show_errors(self) -> None:
        count = len(self.state.errors)
        self.status.setText(self.tr("还有 %n 处错误，改正后才能报送", "", count))
        self.status.setStyleSheet("color: #b00020;")
        widget = self.form.first_error_widget()
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _run(self, name: str, fn: Any, on_success: Any) -> TaskHandle:
        def failed(error: BaseException) -> None:
            text = str(error) if isinstance(error, StoreError) else \
                self.tr("保存失败（%1），已输入的内容仍在窗口中").replace("%1",
                                                                 type(error).__name__)
            self.status.setText(text)
            self.status.setStyleSheet("color: #b00020;")
            self._dirty = True

        def succeeded(result: Any) -> None:
            self.context.recordsChanged.emit()
            if on_success is not None:
                on_success(result)

        self.pending = self.context.runner.submit(name, lambda _p, _c: fn(),
                                                  on_success=succeeded, on_failure=failed)
        return self.pending

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty:
            self.autosave()
        super().closeEvent(event)
