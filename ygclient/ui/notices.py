"""异议核查 and 变更与撤销: the verification-notice inbox, its answers, the list of changes.

What a notice allows, its deadline and its urgency come from the core
(:mod:`ygclient.store.objections`); this module only shows them and asks for the answer's
details. Answers run in the db lane like every other store call.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QSystemTrayIcon,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ygclient.evidence import (
    MAX_OPINION_CHARS,
    EvidenceError,
    add_evidence,
    check,
    check_size,
    read_evidence,
)
from ygclient.paths import attachments_dir
from ygclient.store import ChangeView, RecordView, StoreError
from ygclient.store.lifecycle import NoticeState
from ygclient.store.objections import NoticeView
from ygclient.ui.context import AppContext, run_in_background
from ygclient.ui.dialogs import ok_cancel
from ygclient.ui.display import StateLabel
from ygclient.ui.text import china_time, fill, translated

Index = QModelIndex | QPersistentModelIndex
OPENED = "opened"
OVERDUE, DUE_SOON = QColor("#ffebee"), QColor("#fff8e1")

def opened_dir(data_dir: Path) -> Path:
    """Where materials opened for reading are decrypted: private to the user, emptied by
    :func:`clear_opened` when the app closes or starts."""
    folder = data_dir / OPENED
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    return folder


def clear_opened(data_dir: Path) -> None:
    shutil.rmtree(data_dir / OPENED, ignore_errors=True)


class NoticeText:
    """How a notice's state, deadline and days left read, and the names of its answers,
    results and extension states (translation context "NoticeText")."""

    STATES = {
        NoticeState.OPEN: QT_TRANSLATE_NOOP("NoticeText", "待答复"),
        NoticeState.ANSWERING: QT_TRANSLATE_NOOP("NoticeText", "答复待发送"),
        NoticeState.ANSWERED: QT_TRANSLATE_NOOP("NoticeText", "已答复，待中心办结"),
        NoticeState.CLOSED: QT_TRANSLATE_NOOP("NoticeText", "已办结"),
    }
    URGENCY = {"overdue": QT_TRANSLATE_NOOP("NoticeText", "已逾期"),
               "due_soon": QT_TRANSLATE_NOOP("NoticeText", "即将到期")}
    EXTENSIONS = {"queued": QT_TRANSLATE_NOOP("NoticeText", "延期申请待发送"),
                  "requested": QT_TRANSLATE_NOOP("NoticeText", "已申请延期"),
                  "granted": QT_TRANSLATE_NOOP("NoticeText", "已延期"),
                  "denied": QT_TRANSLATE_NOOP("NoticeText", "延期未获批准")}
    ANSWERS = {"confirm": QT_TRANSLATE_NOOP("NoticeText", "无误（附证明材料）"),
               "correct": QT_TRANSLATE_NOOP("NoticeText", "有误，已更正"),
               "revoke": QT_TRANSLATE_NOOP("NoticeText", "撤销记录")}
    RESULTS = {"corrected": QT_TRANSLATE_NOOP("NoticeText", "已更正"),
               "maintained": QT_TRANSLATE_NOOP("NoticeText", "维持原状"),
               "revoked": QT_TRANSLATE_NOOP("NoticeText", "已撤销")}
    CHANGE_STATUS = {"editing": QT_TRANSLATE_NOOP("NoticeText", "未报送"),
                     "queued": QT_TRANSLATE_NOOP("NoticeText", "待发送"),
                     "submitted": QT_TRANSLATE_NOOP("NoticeText", "已报送待审核"),
                     "accepted": QT_TRANSLATE_NOOP("NoticeText", "已采纳"),
                     "rejected": QT_TRANSLATE_NOOP("NoticeText", "被退回"),
                     "superseded": QT_TRANSLATE_NOOP("NoticeText", "未采纳（已有后续版本）")}
    PARENTHESES = QT_TRANSLATE_NOOP("NoticeText", "（%1）")
    ESTIMATED = QT_TRANSLATE_NOOP("NoticeText", "（预计）")

    @staticmethod
    def of(table: dict[Any, Any], key: Any) -> str:
        return translated("NoticeText", table[key]) if key in table else str(key or "")

    @classmethod
    def aside(cls, text: str) -> str:
        """``text`` in parentheses, as the language writes them."""
        return fill(translated("NoticeText", cls.PARENTHESES), text)

    @classmethod
    def estimated(cls) -> str:
        return translated("NoticeText", cls.ESTIMATED)

    @classmethod
    def state(cls, view: NoticeView) -> str:
        text = cls.of(cls.STATES, view.state)
        return text + cls.aside(cls.of(cls.URGENCY, view.urgency)) if view.urgency else text

    @classmethod
    def due(cls, view: NoticeView) -> str:
        return view.due + (cls.estimated() if view.due_estimated else "")

    @classmethod
    def left(cls, view: NoticeView) -> str:
        if not view.owed:
            return "—"
        if view.urgency == "overdue":
            if view.days_left:
                return fill(translated("NoticeText", QT_TRANSLATE_NOOP(
                    "NoticeText", "已逾期 %1 个工作日")), -view.days_left)
            return cls.of(cls.URGENCY, "overdue")
        if view.days_left == 0:
            return translated("NoticeText", QT_TRANSLATE_NOOP("NoticeText", "今天到期"))
        return fill(translated("NoticeText", QT_TRANSLATE_NOOP("NoticeText", "%1 个工作日")),
                    view.days_left)


class ListModel(QAbstractTableModel):
    """A read-only table over a short list the core hands over whole (notices, changes).

    ``COLUMNS`` are marked with QT_TRANSLATE_NOOP under the subclass's name and translated
    when shown."""

    COLUMNS: tuple[object, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> Any:
        """The item shown in ``index``'s row, or None."""
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) \
            else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return translated(type(self).__name__, self.COLUMNS[section])
        return None


def list_view(model: ListModel, name: str, parent: QWidget) -> QTableView:
    """A table of whole rows, one selected at a time, not editable in place."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


class NoticeTableModel(ListModel):
    """The notices, most urgent first (the order the core gives)."""

    COLUMNS = (QT_TRANSLATE_NOOP("NoticeTableModel", "通知编号"),
               QT_TRANSLATE_NOOP("NoticeTableModel", "状态"),
               QT_TRANSLATE_NOOP("NoticeTableModel", "收到日期"),
               QT_TRANSLATE_NOOP("NoticeTableModel", "答复期限"),
               QT_TRANSLATE_NOOP("NoticeTableModel", "剩余"),
               QT_TRANSLATE_NOOP("NoticeTableModel", "主体名称"),
               QT_TRANSLATE_NOOP("NoticeTableModel", "文书号"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        view: NoticeView | None = self.row_at(index)
        if view is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (view.case_id, NoticeText.state(view), view.sent_on, NoticeText.due(view),
                    NoticeText.left(view), view.subject_name, view.document_number or "",
                    )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and view.urgency:
            return QBrush(OVERDUE if view.urgency == "overdue" else DUE_SOON)
        if role == Qt.ItemDataRole.UserRole:
            return view.case_id
        return None


class NoticesPage(QWidget):
    """The 异议核查 inbox: each notice, its deadline, the four answers."""

    def __init__(self, context: AppContext, dialogs: Any,
                 open_record: Callable[[RecordView], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.dialogs, self.open_record = context, dialogs, open_record
        self.setObjectName("notices_page")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        header = QLabel(self.tr("异议核查：核查通知"), self)
        header.setStyleSheet("font-size: 14pt;")
        top.addWidget(header)
        top.addStretch(1)
        self.show_closed = QCheckBox(self.tr("显示已办结的"), self)
        self.show_closed.setObjectName("notices_show_closed")
        top.addWidget(self.show_closed)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr(
            "收到核查通知起 10 个工作日内答复（情况复杂的可申请延长至 20 个工作日），"
            "《阳江市公共信用信息管理暂行办法》第二十六条。"), self))
        self.model = NoticeTableModel(self)
        self.view = list_view(self.model, "notices_table", self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        lower = QWidget(self)
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.detail = QTextBrowser(lower)
        self.detail.setObjectName("notice_detail")
        lower_layout.addWidget(self.detail, 3)
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("申请人材料（双击打开）："), lower))
        self.materials = QListWidget(lower)
        self.materials.setObjectName("notice_materials")
        side.addWidget(self.materials, 1)
        lower_layout.addLayout(side, 1)
        splitter.addWidget(lower)
        splitter.setSizes([300, 260])
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, label in (("correct", self.tr("有误：更正记录…")),
                            ("confirm", self.tr("无误：附证明材料…")),
                            ("extend", self.tr("申请延期…")),
                            ("revoke", self.tr("撤销记录…")),
                            ("record", self.tr("打开记录"))):
            button = QPushButton(label, self)
            button.setObjectName(f"notice_{name}")
            button.clicked.connect(lambda _=False, n=name: self.act(n))
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.show_closed.toggled.connect(lambda _: self.reload())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.view.doubleClicked.connect(lambda _: self.act("record"))
        self.materials.itemDoubleClicked.connect(self._open_material)
        context.recordsChanged.connect(self.reload)
        self._loaded = False

    def showEvent(self, event: Any) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Read the notices again (only once shown: a hidden page waits for its turn)."""
        if not self.isVisible() and not self._loaded:
            return
        self._loaded = True
        keep = self.current()
        views = self.context.store.objections.inbox(include_closed=self.show_closed.isChecked())
        self.model.set_rows(views)
        self.view.resizeColumnsToContents()
        if keep is not None:
            rows = [v.case_id for v in views]
            if keep.case_id in rows:
                self.view.selectRow(rows.index(keep.case_id))
        self._selected()

    def current(self) -> NoticeView | None:
        view: NoticeView | None = self.model.row_at(self.view.currentIndex())
        return view

    def select(self, case_id: str) -> None:
        rows = [v.case_id for v in self.model.rows]
        if case_id in rows:
            self.view.selectRow(rows.index(case_id))

    def _selected(self) -> None:
        view = self.current()
        enabled = {
            "correct": view is not None and view.state == NoticeState.OPEN
            and view.record_state is not None,
            "confirm": view is not None and view.state == NoticeState.OPEN,
            "extend": view is not None and view.can_extend,
            "revoke": view is not None and view.state == NoticeState.OPEN
            and view.record_state is not None,
            "record": view is not None and view.record_state is not None,
        }
        for name, button in self.buttons.items():
            button.setEnabled(enabled[name])
        self.materials.clear()
        if view is None:
            self.detail.clear()
            return
        for material in view.materials:
            entry = QListWidgetItem(str(material.get("name") or material["sha256"][:12]),
                                    self.materials)
            entry.setData(Qt.ItemDataRole.UserRole, material)
        self.detail.setPlainText(self._describe(view))

    def _describe(self, view: NoticeView) -> str:
        lines = [
            fill(self.tr("核查通知 %1：%2"), view.case_id, NoticeText.state(view)),
            fill(self.tr("记录：%1 %2 %3"), view.item_code, view.subject_name,
                 view.document_number or ""),
        ]
        if view.record_state is None:
            lines.append(self.tr("本机没有这条记录（可能由其他电脑报送），只能答复“无误”或申请延期。"))
        else:
            lines.append(fill(self.tr("记录状态：%1"), StateLabel.of(view.record_state)))
        lines += [
            fill(self.tr("收到日期：%1（本机接收于 %2）"), view.sent_on,
                 china_time(view.received_at)),
            fill(self.tr("答复期限：%1，%2 个工作日；剩余：%3"), NoticeText.due(view), view.days,
                 NoticeText.left(view)),
        ]
        if view.due_estimated:
            lines.append(self.tr("期限按尚未公布的年度日历估算（标“预计”），以市信用中心公布的为准。"))
        if view.extension:
            text = NoticeText.of(NoticeText.EXTENSIONS, view.extension)
            if view.extension_note:
                text += fill(self.tr("（%1）"), view.extension_note)
            lines.append(fill(self.tr("延期：%1"), text))
        lines += ["", self.tr("异议内容："), view.content, ""]
        if view.answer_kind:
            lines.append(fill(self.tr("答复：%1"),
                              NoticeText.of(NoticeText.ANSWERS, view.answer_kind)))
            opinion = (view.answer or {}).get("opinion")
            if opinion:
                lines.append(fill(self.tr("核查意见：%1"), opinion))
        for problem in view.answer_problems:
            lines.append(fill(self.tr("中心未接受答复：%1"), problem.get("message", problem)))
        if view.result:
            text = NoticeText.of(NoticeText.RESULTS, view.result)
            if view.result_note:
                text += fill(self.tr("（%1）"), view.result_note)
            lines.append(fill(self.tr("办结结果：%1"), text))
        return "\n".join(lines)

    def _open_material(self, entry: QListWidgetItem) -> None:
        material = entry.data(Qt.ItemDataRole.UserRole)
        folder = attachments_dir(self.context.data_dir)
        sha = str(material["sha256"])
        if not (folder / sha).is_file():
            self.dialogs.info(self.tr("材料尚未下载"),
                              self.tr("联网同步后即可打开这份材料。"))
            return
        try:
            data = read_evidence(folder, sha, self.context.store.key)
        except EvidenceError as exc:
            self.dialogs.error(self.tr("无法打开材料"), str(exc))
            return
        # Kept encrypted and by digest: the viewer gets a plain copy with the original name,
        # in a private folder that is emptied when the app closes (and at the next start).
        name = Path(str(material.get("name") or "material")).name
        target = opened_dir(self.context.data_dir) / sha[:12] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    # --- answers -----------------------------------------------------------------------------

    def act(self, name: str) -> None:
        view = self.current()
        if view is None:
            return
        objections = self.context.store.objections
        case_id = view.case_id
        if name == "record":
            if view.record_state is not None:
                self.open_record(self.context.store.get(view.record_id))
        elif name == "correct":
            reason = self.dialogs.correction_reason()
            if reason:
                self._run("correct", lambda: objections.correct(case_id, reason),
                          lambda saved: self.open_record(saved.record))
        elif name == "confirm":
            answer = self.dialogs.evidence_answer(view)
            if answer is not None:
                opinion, paths = answer
                folder = attachments_dir(self.context.data_dir)

                def confirm() -> NoticeView:
                    key = self.context.store.key
                    evidence = [add_evidence(folder, Path(p), key) for p in paths]
                    return objections.confirm(case_id, opinion, evidence)

                self._run("confirm", confirm, self._queued)
        elif name == "extend":
            reason = self.dialogs.extension_reason(view)
            if reason:
                self._run("extend", lambda: objections.request_extension(case_id, reason),
                          self._queued)
        elif name == "revoke":
            answer = self.dialogs.retraction(f"{view.subject_name} {view.document_number or ''}")
            if answer:
                reason, basis = answer
                self._run("revoke", lambda: objections.revoke(case_id, reason, basis),
                          self._queued)

    def _queued(self, _result: Any) -> None:
        self.window().statusBar().showMessage(  # type: ignore[attr-defined]
            self.tr("答复已保存，联网同步时发送"), 8000)

    def _run(self, name: str, fn: Callable[[], Any],
             on_success: Callable[[Any], None] | None = None) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, StoreError | EvidenceError):
                text = str(error)  # the core's own words: what is wrong, what to do
            else:
                text = fill(self.tr("出现意外错误（%1），答复没有保存。请再试一次；仍不行请联系"
                                    "系统维护人员。"), type(error).__name__)
            self.dialogs.error(self.tr("答复未保存"), text)

        run_in_background(self.context, name, fn, on_success=on_success, on_failure=failed)


class ConfirmAnswerDialog(QDialog):
    """无误: a written opinion (at most 500 characters) and at least one evidence file."""

    def __init__(self, view: NoticeView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirm_answer_dialog")
        self.setWindowTitle(self.tr("答复核查通知：信息无误"))
        self.resize(620, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(fill(self.tr("核查通知 %1：%2"), view.case_id,
                                     view.subject_name), self))
        layout.addWidget(QLabel(self.tr("核查意见（必填）："), self))
        self.opinion = QPlainTextEdit(self)
        self.opinion.setObjectName("confirm_opinion")
        self.opinion.setTabChangesFocus(True)
        layout.addWidget(self.opinion, 2)
        self.counter = QLabel(self)
        self.counter.setObjectName("confirm_counter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.counter)
        layout.addWidget(QLabel(self.tr("证明材料（必填；PDF、JPEG 或 PNG，每个不超过 20 MB）："
                                        "决定书、复议决定书、判决书或认定机关的证明"), self))
        self.files = QListWidget(self)
        self.files.setObjectName("confirm_files")
        layout.addWidget(self.files, 1)
        row = QHBoxLayout()
        add = QPushButton(self.tr("添加文件…"), self)
        add.setObjectName("confirm_add")
        remove = QPushButton(self.tr("移除"), self)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.problem = QLabel(self)
        self.problem.setObjectName("confirm_problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = ok_cancel(self, layout)
        add.clicked.connect(self._choose)
        remove.clicked.connect(lambda: self.files.takeItem(self.files.currentRow()))
        self.opinion.textChanged.connect(self._update)
        self.files.model().rowsInserted.connect(lambda *_: self._update())
        self.files.model().rowsRemoved.connect(lambda *_: self._update())
        self._update()

    def _choose(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择证明材料"), "",
            self.tr("证明材料 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)"))
        for path in paths:
            self.add_file(Path(path))

    def add_file(self, path: Path) -> bool:
        """Check the file at once (type by content, size) so a bad one never gets queued."""
        try:
            check_size(path.stat().st_size, path.name)
            check(path.read_bytes(), path.name)
        except EvidenceError as exc:
            self.problem.setText(str(exc))
            return False
        except OSError as exc:
            self.problem.setText(fill(self.tr("无法读取“%1”：%2"), path.name,
                                      exc.strerror or exc))
            return False
        if str(path) not in self.paths():
            entry = QListWidgetItem(path.name, self.files)
            entry.setData(Qt.ItemDataRole.UserRole, str(path))
            entry.setToolTip(str(path))
        self.problem.clear()
        return True

    def paths(self) -> list[str]:
        return [str(self.files.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.files.count())]

    def _update(self) -> None:
        length = len(self.opinion.toPlainText().strip())
        self.counter.setText(f"{length}/{MAX_OPINION_CHARS}")
        self.counter.setStyleSheet("color: #b00020;" if length > MAX_OPINION_CHARS else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(0 < length <= MAX_OPINION_CHARS and self.files.count() > 0)

    def value(self) -> tuple[str, list[str]]:
        return self.opinion.toPlainText().strip(), self.paths()


class ExtensionDialog(QDialog):
    """申请延期: why the case is complex."""

    def __init__(self, view: NoticeView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("extension_dialog")
        self.setWindowTitle(self.tr("申请延期"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(fill(self.tr(
            "核查通知 %1 现在的答复期限是 %2。情况复杂的，可申请延长至 20 个工作日，"
            "每件只能申请一次，须说明理由："), view.case_id, NoticeText.due(view)), self))
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("extension_reason")
        self.reason.setTabChangesFocus(True)
        layout.addWidget(self.reason)
        buttons = ok_cancel(self, layout)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.reason.textChanged.connect(
            lambda: ok.setEnabled(bool(self.reason.toPlainText().strip())))

    def value(self) -> str:
        return self.reason.toPlainText().strip()


class NoticeBanner(QFrame):
    """A strip above every page while notices are owed: how many, how many late or due soon."""

    openInbox = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("notice_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel(self)
        self.text.setObjectName("notice_banner_text")
        layout.addWidget(self.text, 1)
        button = QPushButton(self.tr("查看"), self)
        button.clicked.connect(self.openInbox)
        layout.addWidget(button)
        self.owed: list[NoticeView] = []  # as of the last read
        self.hide()  # until a read finds notices owed
        self._refresher = context.runner.refresher(
            "notices", context.store.objections.owed, self._show, self)
        context.recordsChanged.connect(self.refresh)
        self.refresh()

    def message(self, owed: Sequence[NoticeView] | None = None) -> str | None:
        """What the banner says (None: nothing owed), of ``owed`` or of the last read."""
        if owed is None:
            owed = self.owed
        if not owed:
            return None
        late = sum(1 for v in owed if v.urgency == "overdue")
        soon = sum(1 for v in owed if v.urgency == "due_soon")
        text = fill(self.tr("有 %1 件核查通知待答复"), len(owed))
        if late or soon:
            text += fill(self.tr("：%1 件已逾期，%2 件 3 个工作日内到期"), late, soon)
        return text + fill(self.tr("。最近的期限：%1。"), NoticeText.due(owed[0]))

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Read the owed notices in the db lane, then show them; ``then()`` after that."""
        self._refresher.request(None if then is None else lambda _owed: then())

    def _show(self, owed: Sequence[NoticeView]) -> None:
        self.owed = list(owed)
        text = self.message(owed)
        self.setVisible(text is not None)
        if text is None:
            return
        urgent = any(v.urgency for v in owed)
        self.setStyleSheet("QFrame#notice_banner { background: %s; }"
                           % ("#ffebee" if urgent else "#fff8e1"))
        self.text.setText(text)


class Notifier:
    """The system-tray notification, where the desktop has a tray (none offscreen or on a bare
    X server: then the banner alone tells)."""

    def __init__(self, parent: QWidget) -> None:
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(parent.windowIcon(), parent)
            self.tray.setToolTip("ygclient")
            self.tray.show()
        self.shown: list[tuple[str, str]] = []  # what was said, for the record (and tests)

    def notify(self, title: str, text: str) -> None:
        self.shown.append((title, text))
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 15_000)


class ChangeTableModel(ListModel):
    COLUMNS = (QT_TRANSLATE_NOOP("ChangeTableModel", "类型"),
               QT_TRANSLATE_NOOP("ChangeTableModel", "状态"),
               QT_TRANSLATE_NOOP("ChangeTableModel", "报送期限"),
               QT_TRANSLATE_NOOP("ChangeTableModel", "主体名称"),
               QT_TRANSLATE_NOOP("ChangeTableModel", "文书号"),
               QT_TRANSLATE_NOOP("ChangeTableModel", "原因"),
               QT_TRANSLATE_NOOP("ChangeTableModel", "法律依据"),
               QT_TRANSLATE_NOOP("ChangeTableModel", "核查通知"),
               QT_TRANSLATE_NOOP("ChangeTableModel", "发起时间"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        change: ChangeView | None = self.row_at(index)
        if change is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            kind = self.tr("变更") if change.kind == "correction" else self.tr("撤销")
            due = change.due or "—"
            if change.due_estimated:
                due += NoticeText.estimated()
            if change.overdue:
                due += NoticeText.aside(NoticeText.of(NoticeText.URGENCY, "overdue"))
            status = NoticeText.of(NoticeText.CHANGE_STATUS, change.status)
            return (kind, status, due, change.subject_name, change.document_number or "",
                    change.reason or "", change.legal_basis or "", change.case_id or "",
                    china_time(change.started_at))[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and change.overdue:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (5, 6):
            return change.reason if index.column() == 5 else change.legal_basis
        return None


class ChangesPage(QWidget):
    """变更与撤销 (art. 11): every correction and retraction with reason, basis, deadline and
    state. Acting on one goes through the record (open, submit, cancel)."""

    action = Signal(str, object)  # action name, RecordView

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("records_changes")
        layout = QVBoxLayout(self)
        header = QLabel(self.tr("变更与撤销"), self)
        header.setStyleSheet("font-size: 14pt;")
        layout.addWidget(header)
        layout.addWidget(QLabel(self.tr(
            "信息依法变更或者撤销的，按条目的报送时限报送（办法第十一条），"
            "期限自发起变更或撤销之日起计算。"), self))
        self.model = ChangeTableModel(self)
        self.view = list_view(self.model, "table_changes", self)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, label in (("edit", self.tr("打开")), ("submit", self.tr("提交报送")),
                            ("cancel", self.tr("取消变更或撤销"))):
            button = QPushButton(label, self)
            button.setObjectName(f"changes_{name}")
            button.clicked.connect(lambda _=False, n=name: self._act(n))
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.view.doubleClicked.connect(lambda _: self._act("edit"))
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        context.recordsChanged.connect(self.reload)
        self._loaded = False

    def showEvent(self, event: Any) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        if not self.isVisible() and not self._loaded:
            return
        self._loaded = True
        self.model.set_rows(self.context.store.changes())
        self.view.resizeColumnsToContents()
        self._selected()

    def current(self) -> ChangeView | None:
        change: ChangeView | None = self.model.row_at(self.view.currentIndex())
        return change

    def _selected(self) -> None:
        change = self.current()
        for name, button in self.buttons.items():
            if change is None:
                button.setEnabled(False)
            elif name == "edit":
                button.setEnabled(True)
            else:  # only the change in progress can be sent or dropped
                button.setEnabled(change.status in ("editing", "rejected"))

    def _act(self, name: str) -> None:
        change = self.current()
        if change is not None:
            self.action.emit(name, self.context.store.get(change.record_id))
