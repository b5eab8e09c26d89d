"""The pages of the main window: dashboard, catalog, record lists, sync log."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ygclient.store import RecordView, State
from ygclient.store.lifecycle import UNSENT
from ygclient.ui.context import AppContext
from ygclient.ui.display import StateLabel
from ygclient.ui.models import RecordTableModel, deadline_label, due_text, reasons_text
from ygclient.ui.text import china_time, fill, translated

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250

# Which states each list shows (navigation entries of the main window).
DRAFTS = (State.DRAFT,)
TO_SEND = (State.READY, State.QUEUED, State.SENDING)
SENT = (State.SUBMITTED, State.ACCEPTED, State.REJECTED, State.RESOLVED,
        State.DISCLOSURE_ENDED)
CHANGES = (State.CORRECTION, State.RETRACTION, State.RETRACTED)
OBJECTIONS = (State.UNDER_OBJECTION, State.ANSWERED)
# Typical contents of RecordTableModel's columns, for their initial widths.
COLUMN_SAMPLES = ("GRZYZG", "报送失败重试", "第 10 版", "阳江市江城区某某贸易有限公司",
                  "91441702MA4W1234XX", "阳江罚〔2026〕1234号", "2026-12-31",
                  "2026-12-31（预计） 即将到期", "2026-12-31 23:59")


class DashboardPage(QWidget):
    """What a clerk looks at first thing in the morning."""

    openList = Signal(str)  # the navigation key of a list
    loaded = Signal()  # after each refresh has been shown

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("dashboard")
        layout = QVBoxLayout(self)
        self.greeting = QLabel(self)
        self.greeting.setObjectName("dashboard_greeting")
        self.greeting.setStyleSheet("font-size: 16pt;")
        layout.addWidget(self.greeting)
        self.cards = QGridLayout()
        layout.addLayout(self.cards)
        self.card_labels: dict[str, QLabel] = {}
        cards = (("drafts", self.tr("草稿"), DRAFTS), ("to_send", self.tr("待报送"), TO_SEND),
                 ("rejected", self.tr("被退回"), (State.REJECTED,)),
                 ("objections", self.tr("核查通知待答复"), OBJECTIONS),
                 ("accepted", self.tr("已采纳"), (State.ACCEPTED,)),
                 ("changes", self.tr("变更与撤销"), CHANGES))
        self._groups = {key: states for key, _, states in cards}
        for n, (key, title, _) in enumerate(cards):
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            count = QLabel("0", frame)
            count.setObjectName(f"card_{key}")
            count.setStyleSheet("font-size: 22pt; font-weight: bold;")
            box.addWidget(count)
            box.addWidget(QLabel(title, frame))
            button = QPushButton(self.tr("查看"), frame)
            button.clicked.connect(lambda _=False, k=key: self.openList.emit(k))
            box.addWidget(button)
            self.cards.addWidget(frame, n // 3, n % 3)
            self.card_labels[key] = count
        layout.addWidget(QLabel(self.tr("报送期限已过或 3 个工作日内到期："), self))
        self.deadlines = QListWidget(self)
        self.deadlines.setObjectName("dashboard_deadlines")
        layout.addWidget(self.deadlines, 1)
        self.last_sync = QLabel(self)
        self.last_sync.setObjectName("dashboard_last_sync")
        layout.addWidget(self.last_sync)
        store = context.store

        def gather() -> tuple[dict[State, int], int, list[Any]]:
            counts = store.counts_by_state()
            # Objections count what is owed: notices not answered, whatever the record's state.
            owed = len(store.objections.owed())
            page = store.list_records(states=UNSENT, order="due", descending=False, limit=200)
            return counts, owed, [v for v in page.rows if v.deadline][:30]

        # A GROUP BY and a sorted page over the whole store: tens of milliseconds at 100,000
        # records, so never on the GUI thread.
        self._refresher = context.runner.refresher("dashboard", gather, self._show, self)
        context.recordsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Count and list in the db lane, then show."""
        self._refresher.request()

    def _show(self, result: tuple[dict[State, int], int, list[Any]]) -> None:
        counts, owed, urgent = result
        for key, states in self._groups.items():
            self.card_labels[key].setText(str(sum(counts.get(s, 0) for s in states)))
        self.card_labels["objections"].setText(str(owed))
        pending = sum(counts.get(s, 0) for s in UNSENT)
        self.greeting.setText(self.tr("您好，%1。待处理的记录 %2 条。")
                              .replace("%1", self.context.store.actor)
                              .replace("%2", str(pending)))
        self.deadlines.clear()
        for view in urgent:
            due = due_text(view.reporting_due, view.reporting_due_estimated)
            self.deadlines.addItem(fill(self.tr("【%1】%2  %3  %4  %5  %6"),
                                        deadline_label(view.deadline or "due_soon"), due,
                                        view.item_code, view.subject_name,
                                        view.document_number or "", StateLabel.of(view.state)))
        if not urgent:
            self.deadlines.addItem(self.tr("没有逾期或即将到期的记录"))
        last = self.context.last_sync()
        if last is None:
            self.last_sync.setText(self.tr("尚未同步过"))
        else:
            result_text = self.tr("成功") if last["ok"] else self.tr("未完成")
            self.last_sync.setText(fill(self.tr("上次同步：%1，%2：%3"),
                                        china_time(last["finished"]), result_text,
                                        last["summary"]))
        self.loaded.emit()


class CatalogPage(QWidget):
    """The catalog's items with their art. 8 attributes; start a record or a template."""

    newRecord = Signal(str)
    template = Signal(str)

    # Translated when shown, context "CatalogPage".
    HEADERS = (QT_TRANSLATE_NOOP("CatalogPage", "代码"), QT_TRANSLATE_NOOP("CatalogPage", "名称"),
               QT_TRANSLATE_NOOP("CatalogPage", "提供方"),
               QT_TRANSLATE_NOOP("CatalogPage", "覆盖范围"),
               QT_TRANSLATE_NOOP("CatalogPage", "信息类别"),
               QT_TRANSLATE_NOOP("CatalogPage", "更新周期"),
               QT_TRANSLATE_NOOP("CatalogPage", "报送时限"),
               QT_TRANSLATE_NOOP("CatalogPage", "共享属性"),
               QT_TRANSLATE_NOOP("CatalogPage", "开放属性"),
               QT_TRANSLATE_NOOP("CatalogPage", "公示期限"))

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("catalog_page")
        layout = QVBoxLayout(self)
        catalog = context.catalog
        header = QLabel(fill(self.tr("%1　版本 %2　发布日期 %3　%4"), catalog.title,
                             catalog.version, catalog.published, catalog.publisher), self)
        header.setObjectName("catalog_header")
        layout.addWidget(header)
        self.table = QTableWidget(len(catalog.items), len(self.HEADERS), self)
        self.table.setObjectName("catalog_table")
        self.table.setHorizontalHeaderLabels(
            [translated("CatalogPage", h) for h in self.HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The catalog's own words (names, providers, categories...) stay as the catalog has them.
        separator = self.tr("、", "between list entries")
        for row, item in enumerate(catalog.items):
            if item.disclosure.permanent:
                period = self.tr("长期")
            elif item.disclosure.max_months:
                period = fill(self.tr("%1～%2 个月"), item.disclosure.min_months or 0,
                              item.disclosure.max_months)
            else:
                period = self.tr("见依据")
            days = self.tr("%n 个工作日", "", item.reporting_deadline_days)
            cells = (item.code, item.name, item.provider, separator.join(item.coverage),
                     item.category, item.update_cycle, days, item.sharing, item.openness, period)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 9:
                    cell.setToolTip(item.disclosure.basis)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        new = QPushButton(self.tr("新建记录"), self)
        new.setObjectName("catalog_new")
        template = QPushButton(self.tr("生成 Excel 模板…"), self)
        buttons.addWidget(new)
        buttons.addWidget(template)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        new.clicked.connect(lambda: self._emit(self.newRecord))
        template.clicked.connect(lambda: self._emit(self.template))
        self.table.doubleClicked.connect(lambda _: self._emit(self.newRecord))

    def _emit(self, signal: Any) -> None:
        row = self.table.currentRow()
        if row >= 0:
            signal.emit(self.context.catalog.items[row].code)


class RecordsPage(QWidget):
    """A record list: filters, search, the table, and the actions the state allows."""

    openRecord = Signal(object)  # RecordView
    action = Signal(str, object)  # action name, RecordView

    def __init__(self, context: AppContext, key: str, title: str, states: Iterable[State],
                 actions: Iterable[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.key = key
        self.setObjectName(f"records_{key}")
        layout = QVBoxLayout(self)
        header = QLabel(title, self)
        header.setStyleSheet("font-size: 14pt;")
        layout.addWidget(header)
        filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName(f"search_{key}")
        self.search.setPlaceholderText(self.tr("按主体名称、统一社会信用代码、证件号码或文书号查找"))
        self.search.setClearButtonEnabled(True)
        self.item = QComboBox(self)
        self.item.setObjectName(f"item_filter_{key}")
        self.item.addItem(self.tr("全部条目"), None)
        for item in context.catalog.items:
            self.item.addItem(f"{item.code} {item.name}", item.code)
        self.overdue = QCheckBox(self.tr("只看已逾期"), self)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.item)
        filters.addWidget(self.overdue)
        layout.addLayout(filters)
        self.model = RecordTableModel(context.store, states=states, parent=self)
        self.view = QTableView(self)
        self.view.setObjectName(f"table_{key}")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(24)  # fixed row height: big lists
        self.view.verticalHeader().hide()
        header_view = self.view.horizontalHeader()
        header_view.setStretchLastSection(True)
        header_view.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header_view.sortIndicatorChanged.connect(self._sort_indicator)
        # Rows load lazily, so columns cannot size to their contents: size them to typical
        # contents instead (a long company name, an 18-character code, a deadline with its mark),
        # and never narrower than their heading or, for the state, its longest name.
        samples = [[sample, str(self.model.headerData(column, Qt.Orientation.Horizontal))]
                   for column, sample in enumerate(COLUMN_SAMPLES)]
        samples[1] += [StateLabel.of(state) for state in State]
        samples[7].append(due_text("2026-12-31", True, "due_soon"))
        metrics = self.view.fontMetrics()
        for column, texts in enumerate(samples):
            header_view.resizeSection(
                column, max(metrics.horizontalAdvance(text) for text in texts) + 24)
        layout.addWidget(self.view, 1)
        self.detail = QLabel(self)
        self.detail.setObjectName(f"detail_{key}")
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, label in actions:
            button = QPushButton(label, self)
            button.setObjectName(f"{key}_{name}")
            button.clicked.connect(lambda _=False, n=name: self._act(n))
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.item.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.overdue.toggled.connect(lambda _: self.apply_filter())
        self.view.doubleClicked.connect(self._open)
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        context.recordsChanged.connect(self.reload)
        self._loaded = False
        self._update_buttons(None)

    def _sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        if column >= 0 and not self.model.sortable(column):
            # No order for this column (the revision number): show none rather than an arrow
            # over a list that stays in creation order.
            self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)

    def showEvent(self, event: Any) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        if not self.isVisible() and not self._loaded:
            return  # loaded when first shown
        self._loaded = True
        self.model.reload()
        self._update_buttons(self.current())

    def apply_filter(self) -> None:
        self._loaded = True
        self.model.set_filter(item=self.item.currentData(), search=self.search.text(),
                              overdue=self.overdue.isChecked())

    def current(self) -> RecordView | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(index.row())

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = self.model.record(current.row()) if current.isValid() else None
        self._update_buttons(view)
        if view is None:
            self.detail.clear()
            return
        parts = [fill(self.tr("%1｜%2｜第 %3 版｜%4 %5"), view.item_code,
                      StateLabel.of(view.state), view.revision_number, view.subject_name,
                      view.shown_subject_code())]
        if view.server_reasons:
            parts.append(reasons_text(view.server_reasons))
        if view.disclosure_end:
            parts.append(fill(self.tr("公示截止：%1"), view.disclosure_end))
        self.detail.setText("\n".join(parts))

    def _update_buttons(self, view: RecordView | None) -> None:
        from ygclient.store import allowed_events
        from ygclient.store.lifecycle import Event

        events = set(allowed_events(view.state)) if view is not None else set()
        needs = {"edit": {Event.EDIT}, "submit": {Event.QUEUE}, "delete": {Event.DELETE},
                 "correct": {Event.START_CORRECTION}, "retract": {Event.START_RETRACTION},
                 "cancel": {Event.CANCEL}}
        for name, button in self.buttons.items():
            required = needs.get(name)
            button.setEnabled(view is not None and (required is None or bool(required & events)))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRecord.emit(self.model.record(index.row()))

    def _act(self, name: str) -> None:
        view = self.current()
        if view is not None:
            self.action.emit(name, view)


class SyncLogPage(QWidget):
    syncRequested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("sync_log")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        button = QPushButton(self.tr("立即同步 (F5)"), self)
        button.setObjectName("sync_now")
        button.clicked.connect(self.syncRequested)
        top.addWidget(button)
        top.addStretch(1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("sync_log_table")
        self.table.setHorizontalHeaderLabels((self.tr("时间"), self.tr("结果"), self.tr("摘要")))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        context.syncFinished.connect(lambda _entry: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        entries = self.context.sync_log()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (china_time(entry["finished"], seconds=True),
                     self.tr("成功") if entry["ok"] else self.tr("未完成"), entry["summary"])
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)


def connect_all(pages: Iterable[RecordsPage], slot: Callable[..., None]) -> None:
    for page in pages:
        page.action.connect(slot)
