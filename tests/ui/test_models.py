"""The record list model under Qt's own model tester: empty, with records, filtered, searched,
sorted, and fetched lazily page by page; and what the list shows (masked IDs, state text)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from tests.ui.conftest import accepted, bulk, company
from ygclient.store import State, Store
from ygclient.ui.main_window import MainWindow
from ygclient.ui.models import PAGE, STATE_COLOURS, RecordTableModel
from ygclient.ui.pages import RecordsPage

MASKED = "4417**********1231"
FULL_ID = "441702199506151231"
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
         Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
         Qt.ItemDataRole.UserRole)


def texts(model: RecordTableModel, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def fetch_all(model: RecordTableModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


@pytest.fixture
def mixed(store: Store) -> dict[str, str]:
    """One record in each of several states, a person among them."""
    from tests.catalog.records import penalty_for_person

    ids = {
        "draft": store.create("CF", {"CF_XDR_MC": "阳江市未填完商行",
                                     "CF_WSH": "阳市监罚〔2026〕1号"}).record.id,
        "ready": store.create("CF", company(2)).record.id,
        "person": store.create("CF", penalty_for_person()).record.id,
        "queued": store.create("CF", company(4)).record.id,
        "accepted": accepted(store, company(5)),
        "xk_draft": store.create("XK", {"XK_XDR_MC": "阳江市海韵贸易有限公司"}).record.id,
    }
    store.submit([ids["queued"]])
    return ids


def rows_in_order(model: RecordTableModel) -> bool:
    """Newest first, each record once (the default order)."""
    seqs = [model.record(row).seq for row in range(model.rowCount())]
    return seqs == sorted(set(seqs), reverse=True)


# --- Qt's model tester, attached while the model is used -------------------------------------


def test_qtmodeltester_empty(qtmodeltester: Any, store: Store) -> None:
    model = RecordTableModel(store)
    qtmodeltester.check(model)
    model.reload()
    model.set_filter(item="CF", search="阳江", overdue=True)
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())
    assert model.columnCount() == len(RecordTableModel.COLUMNS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] \
        == list(RecordTableModel.COLUMNS)
    assert model.data(model.index(0, 0)) is None


def test_qtmodeltester_with_records(qtmodeltester: Any, store: Store,
                                    mixed: dict[str, str]) -> None:
    model = RecordTableModel(store)
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())  # not read yet
    model.reload()  # what a list does when first shown
    assert model.rowCount() == len(mixed)
    assert set(texts(model, 0)) == {"CF", "XK"}
    ids = [model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(6)]
    assert ids == list(reversed(mixed.values()))  # newest first
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in ROLES:
                model.index(row, column).data(role)  # every cell answers every role


def test_qtmodeltester_through_filters_search_and_sorting(qtmodeltester: Any, store: Store,
                                                          mixed: dict[str, str]) -> None:
    """Every filter, search and sort resets the model and loads its first page again; the
    tester checks each reset and insertion as it happens."""
    model = RecordTableModel(store)
    qtmodeltester.check(model)
    model.reload()
    model.set_filter(item="CF")
    model.set_filter(search="海韵")
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.DescendingOrder)
    model.set_filter()
    assert model.rowCount() == len(mixed)


def test_qtmodeltester_fetching_past_200_rows(qtmodeltester: Any, store: Store) -> None:
    bulk(store, [company(n) for n in range(4 * PAGE + 50)])
    model = RecordTableModel(store)
    qtmodeltester.check(model)
    model.reload()
    fetch_all(model)
    assert model.rowCount() == 4 * PAGE + 50
    assert rows_in_order(model), "pages out of order"
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == PAGE, "a reset under the tester loaded more than one page"
    fetch_all(model)
    subjects = texts(model, 3)
    assert subjects == sorted(subjects)


# --- what the lists show and how they load ----------------------------------------------------


def test_filters_search_and_states(store: Store, mixed: dict[str, str]) -> None:
    model = RecordTableModel(store, states=(State.DRAFT, State.READY))
    model.reload()
    assert set(texts(model, 1)) == {"草稿", "待报送"}
    model.set_filter(item="CF")
    assert texts(model, 0) == ["CF"] * 3
    model.set_filter(search="海韵")  # two characters: the bigram index
    assert texts(model, 3) == ["阳江市海韵贸易有限公司"]
    model.set_filter(search="未填完商行")  # longer: the trigram index
    assert texts(model, 3) == ["阳江市未填完商行"]
    model.set_filter(search=FULL_ID)  # found by the full number, shown masked
    assert texts(model, 4) == [MASKED]
    model.set_filter(item="CF", search="阳江", overdue=True)
    assert texts(model, 3) == ["阳江市第00002号贸易有限公司"]  # only the dated one is late
    model.set_filter()
    assert model.rowCount() == 4


@pytest.mark.parametrize("column", range(len(RecordTableModel.COLUMNS)))
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_pages_through_every_record_once(store: Store, column: int,
                                                 order: Qt.SortOrder) -> None:
    records = [company(n, CF_JDRQ=f"2026-0{1 + n % 9}-{10 + n % 17}") for n in range(PAGE + 60)]
    records += [{"CF_XDR_MC": f"阳江市草稿{n}号商行"} for n in range(30)]  # empty dates etc.
    created = bulk(store, records)
    model = RecordTableModel(store)
    model.sort(column, order)  # before the list is first shown: remembered, nothing read
    assert model.rowCount() == 0 and not model.loaded
    model.reload()
    assert model.rowCount() == PAGE and model.canFetchMore(QModelIndex())
    fetch_all(model)
    shown = [model.index(row, 0).data(Qt.ItemDataRole.UserRole)
             for row in range(model.rowCount())]
    assert sorted(shown) == sorted(created)  # every record once: no gaps, no repeats
    key = RecordTableModel.ORDERS[column]
    descending = order == Qt.SortOrder.DescendingOrder
    if key in ("subject", "document", "decided", "item"):
        values = [model.index(row, column).data() for row in range(model.rowCount())]
        assert values == sorted(values, reverse=descending)
    elif key == "state":
        states = [model.record(row).state.value for row in range(model.rowCount())]
        assert states == sorted(states, reverse=descending)
    elif key == "subject_code":  # sorted by the full code, though ID numbers show masked
        codes = [model.record(row).subject_code or "" for row in range(model.rowCount())]
        assert codes == sorted(codes, reverse=descending)
    elif key is None:  # 版本 cannot be sorted: creation order, newest first
        assert rows_in_order(model)


def test_lazy_fetching_past_200_rows(store: Store) -> None:
    bulk(store, [company(n) for n in range(2 * PAGE + 50)])
    model = RecordTableModel(store)
    model.reload()
    assert model.rowCount() == PAGE
    counts = []
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        counts.append(model.rowCount())
    assert counts == [2 * PAGE, 2 * PAGE + 50]
    model.fetchMore(QModelIndex())  # at the end: nothing more, nothing twice
    assert model.rowCount() == 2 * PAGE + 50
    assert rows_in_order(model)


def test_the_list_view_fetches_as_it_scrolls(window: MainWindow, store: Store,
                                             qtbot: QtBot) -> None:
    bulk(store, [company(n) for n in range(2 * PAGE + 50)])
    window.show_page("to_send")
    page = window.pages["to_send"]
    assert isinstance(page, RecordsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE)
    for _ in range(3):
        page.view.scrollToBottom()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 * PAGE + 50)


def test_ids_of_people_are_masked_in_the_list(window: MainWindow, store: Store,
                                              mixed: dict[str, str], qtbot: QtBot) -> None:
    window.show_page("to_send")
    page = window.pages["to_send"]
    assert isinstance(page, RecordsPage)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == mixed["person"])
    assert model.index(row, 4).data() == MASKED
    everything = [str(model.index(row, c).data(role)) for c in range(model.columnCount())
                  for role in ROLES]
    assert not any(FULL_ID in text for text in everything)
    # The detail line under the list masks it too.
    page.view.selectRow(row)
    assert MASKED in page.detail.text() and FULL_ID not in page.detail.text()
    # A company's code is not a secret.
    other = next(r for r in range(model.rowCount()) if r != row
                 and model.index(r, 1).data() == "待报送")
    code = store.get(model.index(other, 0).data(Qt.ItemDataRole.UserRole)).subject_code
    assert code is not None and code.startswith("91441700MA4W")
    assert model.index(other, 4).data() == code


def test_state_shown_as_text_with_a_colour(store: Store, mixed: dict[str, str]) -> None:
    model = RecordTableModel(store)
    model.reload()
    seen = {}
    for row in range(model.rowCount()):
        view = model.record(row)
        state_cell = model.index(row, 1)
        assert state_cell.data() == view.state.label
        brush = state_cell.data(Qt.ItemDataRole.BackgroundRole)
        assert isinstance(brush, QBrush)
        assert brush.color().name() == STATE_COLOURS[view.state]
        assert model.index(row, 3).data(Qt.ItemDataRole.BackgroundRole) is None
        seen[view.state] = state_cell.data()
    assert seen == {State.DRAFT: "草稿", State.READY: "待报送", State.QUEUED: "排队待发送",
                    State.ACCEPTED: "已采纳"}
    overdue = next(r for r in range(model.rowCount())
                   if model.record(r).state == State.READY)
    assert model.index(overdue, 7).data().endswith("已逾期")
    assert model.index(overdue, 7).data(Qt.ItemDataRole.ForegroundRole).color().name() == \
        "#b00020"
