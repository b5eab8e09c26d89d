"""The import wizard: choose a file → detected item and columns → dry-run summary → import
with progress and cancel → open the error report. Every step's work runs as a task."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ygclient.progress import Progress
from ygclient.sheets.importer import ImportResult, import_workbook
from ygclient.sheets.reader import open_sheet
from ygclient.sheets.report import write_error_report
from ygclient.sheets.safety import SheetError
from ygclient.ui.context import AppContext
from ygclient.ui.dialogs import Dialogs
from ygclient.ui.tasks import TaskHandle
from ygclient.ui.text import china_time, fill


class ImportPage(QWidget):
    """批量导入: one page that walks through the steps (a wizard without modal windows).

    Signals: ``imported(ImportResult)`` when an import (or dry run) has finished.
    """

    imported = Signal(object)

    def __init__(self, context: AppContext, dialogs: Dialogs,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialogs = dialogs
        self.path: Path | None = None
        self.task: TaskHandle | None = None
        self.result: ImportResult | None = None
        self.setObjectName("import_page")
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("批量导入 Excel 工作簿"), self)
        title.setStyleSheet("font-size: 14pt;")
        layout.addWidget(title)
        steps = QLabel(self.tr("① 选择文件　② 核对条目和列　③ 试导入（只检查）"
                               "　④ 导入　⑤ 查看错误报告"), self)
        layout.addWidget(steps)
        row = QHBoxLayout()
        self.choose = QPushButton(self.tr("① 选择文件…"), self)
        self.choose.setObjectName("import_choose")
        self.file_label = QLabel(self.tr("尚未选择文件"), self)
        row.addWidget(self.choose)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("目录条目："), self))
        self.item = QComboBox(self)
        self.item.setObjectName("import_item")
        for item in context.catalog.items:
            self.item.addItem(f"{item.code} {item.name}", item.code)
        self.mode = QComboBox(self)
        self.mode.setObjectName("import_mode")
        self.mode.addItem(self.tr("有错误就全部不导入"), "all-or-nothing")
        self.mode.addItem(self.tr("只导入无误的行"), "valid-rows")
        row.addWidget(self.item, 1)
        row.addWidget(self.mode)
        layout.addLayout(row)
        self.mapping = QTableWidget(0, 2, self)
        self.mapping.setObjectName("import_mapping")
        self.mapping.setHorizontalHeaderLabels((self.tr("文件中的列"), self.tr("对应信息项")))
        self.mapping.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.mapping, 1)
        buttons = QHBoxLayout()
        self.dry_run = QPushButton(self.tr("③ 试导入（只检查）"), self)
        self.dry_run.setObjectName("import_dry_run")
        self.run = QPushButton(self.tr("④ 导入"), self)
        self.run.setObjectName("import_run")
        self.cancel = QPushButton(self.tr("取消"), self)
        self.cancel.setObjectName("import_cancel")
        self.report = QPushButton(self.tr("⑤ 打开错误报告"), self)
        self.report.setObjectName("import_report")
        for button in (self.dry_run, self.run, self.cancel, self.report):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("import_progress")
        layout.addWidget(self.progress)
        self.summary = QLabel(self)
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.errors = QListWidget(self)
        self.errors.setObjectName("import_errors")
        layout.addWidget(self.errors, 1)
        self.choose.clicked.connect(self.choose_file)
        self.dry_run.clicked.connect(lambda: self.start(dry_run=True))
        self.run.clicked.connect(lambda: self.start(dry_run=False))
        self.cancel.clicked.connect(self.cancel_import)
        self.report.clicked.connect(self.open_report)
        self._buttons()

    def _buttons(self) -> None:
        running = self.task is not None and not self.task.done
        ready = self.path is not None and not running
        self.dry_run.setEnabled(ready)
        self.run.setEnabled(ready)
        self.cancel.setEnabled(running)
        self.choose.setEnabled(not running)
        self.report.setEnabled(bool(self.result and self.result.report) and not running)

    def choose_file(self) -> None:
        path = self.dialogs.open_file(self.tr("选择要导入的工作簿"), "Excel (*.xlsx)")
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> None:
        """Step ②: detect the item and map the columns (a quick read of the header)."""
        self.path, self.result = path, None
        self.file_label.setText(str(path))
        self.errors.clear()
        self.summary.clear()
        self.mapping.setRowCount(0)
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("正在读取工作簿…"))
        catalog = self.context.catalog

        def read_header(_progress: Any, _cancel: Any) -> list[Any]:
            # Opening a big workbook checks its XML and digests it (seconds for 100,000 rows):
            # off the GUI thread. Only what the mapping table needs comes back.
            parsed = open_sheet(path, catalog)
            try:
                return [parsed.item.code, parsed.sheet_name, parsed.rows_estimate,
                        [(c.header, c.field) for c in parsed.columns]]
            finally:
                parsed.close()

        self.task = self.context.runner.submit("open_sheet", read_header, lane="long",
                                               on_success=self._show_mapping,
                                               on_failure=self._unreadable)
        self.task.finished.connect(self._buttons)
        self._buttons()

    def _unreadable(self, exc: BaseException) -> None:
        self.summary.setText(str(exc) if isinstance(exc, SheetError)
                             else self.tr("无法读取这个工作簿：%1").replace("%1", str(exc)))
        self.summary.setStyleSheet("color: #b00020;")
        self.path = None

    def _show_mapping(self, header: list[Any]) -> None:
        item_code, sheet_name, rows_estimate, columns = header
        self.item.setCurrentIndex(max(0, self.item.findData(item_code)))
        self.mapping.setRowCount(len(columns))
        for row, (title, fld) in enumerate(columns):
            self.mapping.setItem(row, 0, QTableWidgetItem(title))
            target = (fill(self.tr("%1（%2）"), fld.title, fld.name) if fld
                      else self.tr("（未识别，将忽略）"))
            self.mapping.setItem(row, 1, QTableWidgetItem(target))
        self.mapping.resizeColumnToContents(0)
        self.summary.setStyleSheet("")
        self.summary.setText(fill(self.tr("工作表“%1”，约 %2 行。请核对条目和列，然后先试导入。"),
                                  sheet_name, rows_estimate))

    def start(self, dry_run: bool) -> TaskHandle | None:
        if self.path is None:
            return None
        path, item, mode = self.path, str(self.item.currentData()), str(self.mode.currentData())
        store = self.context.store
        report_name = fill(self.tr("%1-错误报告.xlsx"), path.stem)
        self.errors.clear()
        self.progress.setValue(0)

        def work(progress: Any, cancel: Any) -> ImportResult:
            result = import_workbook(store, path, item=item, mode=mode, dry_run=dry_run,
                                     progress=progress, cancel=cancel)
            if result.errors:
                report = path.with_name(report_name)
                result.report = str(write_error_report(result, report))
            return result

        self.task = self.context.runner.submit("import", work, lane="long",
                                               on_success=self._finished,
                                               on_failure=self._failed,
                                               on_progress=self._progress)
        self.task.finished.connect(self._buttons)
        self._buttons()
        return self.task

    def _progress(self, progress: Progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)

    def _finished(self, result: ImportResult) -> None:
        self.result = result
        self.context.recordsChanged.emit()
        if result.already_imported:
            info = result.already_imported
            self.summary.setText(fill(self.tr("这个文件已于 %1 导入过（%2 条），没有重复导入。"),
                                      china_time(str(info["at"])), info["imported"]))
        else:
            if result.dry_run:
                summary = self.tr("试导入：共 %1 行，无误 %2 行，有错 %3 行，重复 %4 行；"
                                  "已保存 %5 条。")
            else:
                summary = self.tr("导入：共 %1 行，无误 %2 行，有错 %3 行，重复 %4 行；"
                                  "已保存 %5 条。")
            text = fill(summary, result.rows, result.valid, result.invalid, result.duplicates,
                        result.imported)
            if not result.dry_run and result.mode == "all-or-nothing" and not result.clean:
                # A sentence of its own, on a line of its own: no separator to translate.
                text += "\n" + self.tr("因为有错误，按所选方式一条都没有保存。")
            self.summary.setText(text)
        self.summary.setStyleSheet("" if result.clean else "color: #8a5a00;")
        for error in result.errors[:500]:
            self.errors.addItem(fill(self.tr("第 %1 行：%2"), error.row, error.message))
        self.imported.emit(result)

    def _failed(self, error: BaseException) -> None:
        from ygclient.progress import Cancelled

        if isinstance(error, Cancelled):
            self.summary.setText(self.tr("已取消。已保存的部分会保留；再次导入同一文件会从中断处继续。"))
        else:
            self.summary.setText(str(error) if isinstance(error, SheetError)
                                 else self.tr("导入未完成：") + type(error).__name__)
        self.summary.setStyleSheet("color: #b00020;")

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def open_report(self) -> None:
        if self.result and self.result.report:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.result.report))
