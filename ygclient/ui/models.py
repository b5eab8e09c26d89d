"""Qt models over the store: pages fetched lazily as the view scrolls, never all at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ygclient.store import RecordView, State, Store
from ygclient.ui.display import StateLabel
from ygclient.ui.text import china_time, fill, translated

Index = QModelIndex | QPersistentModelIndex
PAGE = 200

# Colour only ever accompanies the state's text (never colour alone).
STATE_COLOURS = {
    State.DRAFT: "#eeeeee", State.READY: "#e3f2fd", State.QUEUED: "#e8eaf6",
    State.SENDING: "#e8eaf6", State.SUBMITTED: "#fff8e1", State.ACCEPTED: "#e8f5e9",
    State.REJECTED: "#ffebee", State.CORRECTION: "#fff3e0", State.RETRACTION: "#fff3e0",
    State.RETRACTED: "#f5f5f5", State.UNDER_OBJECTION: "#fce4ec", State.ANSWERED: "#f3e5f5",
    State.RESOLVED: "#e0f2f1", State.DISCLOSURE_ENDED: "#f5f5f5",
}
# Shown with QCoreApplication.translate("RecordTableModel", ...) (the dashboard uses them too).
DEADLINE_LABELS = {"overdue": QT_TRANSLATE_NOOP("RecordTableModel", "已逾期"),
                   "due_soon": QT_TRANSLATE_NOOP("RecordTableModel", "即将到期")}


def deadline_label(deadline: str) -> str:
    return translated("RecordTableModel", DEADLINE_LABELS[deadline])


def due_text(due: str | None, estimated: bool, deadline: str | None = None) -> str:
    """A reporting deadline, marked when estimated (unpublished calendar year) and, given
    ``deadline``, when overdue or due soon."""
    if not due:
        return ""
    text = fill(QCoreApplication.translate("RecordTableModel", "%1（预计）"), due) if estimated \
        else due
    return text + (f" {deadline_label(deadline)}" if deadline else "")


class RecordTableModel(QAbstractTableModel):
    """Records matching a filter, newest first (or as sorted), loaded page by page."""

    # Translated when shown (headerData).
    COLUMNS = (QT_TRANSLATE_NOOP("RecordTableModel", "条目"),
               QT_TRANSLATE_NOOP("RecordTableModel", "状态"),
               QT_TRANSLATE_NOOP("RecordTableModel", "版本"),
               QT_TRANSLATE_NOOP("RecordTableModel", "主体名称"),
               QT_TRANSLATE_NOOP("RecordTableModel", "主体代码"),
               QT_TRANSLATE_NOOP("RecordTableModel", "文书号"),
               QT_TRANSLATE_NOOP("RecordTableModel", "决定日期"),
               QT_TRANSLATE_NOOP("RecordTableModel", "报送期限"),
               QT_TRANSLATE_NOOP("RecordTableModel", "最后修改"))
    ORDERS = ("item", "state", None, "subject", "subject_code", "document", "decided", "due",
              "updated")

    def __init__(self, store: Store, *, states: Iterable[State] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.states = list(states) if states is not None else None
        self.item: str | None = None
        self.search = ""
        self.overdue = False
        self.order, self.descending = "created", True
        self._rows: list[RecordView] = []
        self._cursor: Any = None
        # Nothing is read until the first reload(): a list the user never opens costs nothing,
        # and setting up the view's sorting does not query the store.
        self._active = False
        self._more = False
        self._fetching = False  # a view asking for more while rows are being announced
        self._item_names = {i.code: i.name for i in store.catalog.items}

    # --- filtering and sorting -----------------------------------------------------------

    def set_filter(self, *, item: str | None = None, search: str = "",
                   overdue: bool = False) -> None:
        self.item, self.search, self.overdue = item or None, search.strip(), overdue
        self.reload()

    @property
    def loaded(self) -> bool:
        return self._active

    def reload(self) -> None:
        self.beginResetModel()
        # No more rows while the reset is announced: a view (or Qt's model tester) asking
        # during it would otherwise load every page at once.
        self._rows, self._cursor, self._more = [], None, False
        self.endResetModel()
        self._active = self._more = True
        self.fetchMore(QModelIndex())

    def sortable(self, column: int) -> bool:
        return 0 <= column < len(self.ORDERS) and self.ORDERS[column] is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.ORDERS[column] if self.sortable(column) else None
        self.order = key or "created"
        self.descending = order == Qt.SortOrder.DescendingOrder if key else True
        if self._active:
            self.reload()

    # --- lazy loading --------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        try:
            page = self.store.list_records(states=self.states, item=self.item,
                                           search=self.search or None, overdue=self.overdue,
                                           order=self.order, descending=self.descending,
                                           before=self._cursor, limit=PAGE)
            if page.rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                self._rows.extend(page.rows)
                self._cursor, self._more = page.next_cursor, page.next_cursor is not None
                self.endInsertRows()
            else:
                self._cursor, self._more = None, False
        finally:
            self._fetching = False

    # --- the model API -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return translated("RecordTableModel", self.COLUMNS[section])
        return None

    def record(self, row: int) -> RecordView:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return self._item_names.get(view.item_code, view.item_code)
            if column == 1 and view.server_reasons:
                return reasons_text(view.server_reasons)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return QBrush(QColor(STATE_COLOURS.get(view.state, "#ffffff")))
        if role == Qt.ItemDataRole.ForegroundRole and column == 7 and view.deadline:
            return QBrush(QColor("#b00020" if view.deadline == "overdue" else "#8a5a00"))
        if role == Qt.ItemDataRole.UserRole:
            return view.id
        return None

    def _text(self, view: RecordView, column: int) -> str:
        if column == 0:
            return view.item_code
        if column == 1:
            return StateLabel.of(view.state)
        if column == 2:
            return str(view.revision_number)
        if column == 3:
            return view.subject_name
        if column == 4:
            return view.shown_subject_code()  # ID numbers masked in every list
        if column == 5:
            return view.document_number or ""
        if column == 6:
            return view.decision_date or ""
        if column == 7:
            return due_text(view.reporting_due, view.reporting_due_estimated, view.deadline)
        if column == 8:
            return china_time(view.updated_at)
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def reasons_text(reasons: Iterable[dict[str, Any]]) -> str:
    """The centre's reasons for returning a record (its own words, Chinese) after a label."""
    separator = QCoreApplication.translate("RecordTableModel", "；", "between two reasons")
    label = QCoreApplication.translate("RecordTableModel", "退回意见：%1")
    return fill(label, separator.join(str(r.get("message", r)) for r in reasons))
