"""English mode is English: with the English translation installed, no Chinese is left in the
interface text of the real main window, its pages, record editors and dialogs.

What stays Chinese on purpose is data, and the test takes it out before it looks: the
catalog's own words (item names, field titles and descriptions, code-list labels, the
catalog's title and publisher), the records' values, the centre's reasons, and messages the
core writes (validation messages, the sync summary), which are Chinese by design. Language
names are written in their own language (简体中文) so that a clerk can find theirs.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt is part of the dev install; see Makefile")

from PySide6.QtCore import QAbstractListModel, QLocale, Qt, QTranslator  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot  # noqa: E402

from tests.sheets.books import write_book  # noqa: E402
from tests.ui.conftest import ScriptedDialogs, accepted, company  # noqa: E402
from tools import i18n  # noqa: E402
from ygclient.catalog import Catalog  # noqa: E402
from ygclient.store import State, Store  # noqa: E402
from ygclient.sync.engine import SyncSummary  # noqa: E402
from ygclient.ui.context import SYNC_LOG, AppContext  # noqa: E402
from ygclient.ui.dialogs import (  # noqa: E402
    ItemChooser,
    LoginDialog,
    RetractionDialog,
    SettingsDialog,
    about_text,
)
from ygclient.ui.display import StateLabel  # noqa: E402
from ygclient.ui.editor import RecordEditor  # noqa: E402
from ygclient.ui.import_wizard import ImportPage  # noqa: E402
from ygclient.ui.main_window import NAVIGATION, MainWindow  # noqa: E402
from ygclient.ui.models import RecordTableModel  # noqa: E402
from ygclient.ui.pages import RecordsPage  # noqa: E402

# Chinese characters, and the full-width punctuation that only Chinese text uses (（）：，；｜【】
# and the ideographic space): "Name（CF）" is not English either.
CJK = re.compile(r"[\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
TAGS = re.compile(r"<[^>]+>")
REASON = "处罚决定日期与决定书不一致，请核对后重新报送"
LANGUAGE_NAMES = ("简体中文",)
# Where it was found, the text, and whether it may show data. Buttons, actions, headings and
# the navigation never do: there even a data word ("撤销" is also a code-list label) is an
# untranslated text.
Text = tuple[str, str, bool]


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[QTranslator]:
    """The English translation compiled from the .ts in the tree (not a possibly stale .qm),
    installed as install_translations does, with the English locale."""
    before = QLocale()
    i18n.build([i18n.ts_file("en")], out=tmp_path / "qm", quiet=True)
    translator = QTranslator()
    assert translator.load(str(tmp_path / "qm" / "ygclient_en.qm"))
    assert qapp.installTranslator(translator)
    QLocale.setDefault(QLocale("en"))
    try:
        yield translator
    finally:
        qapp.removeTranslator(translator)
        QLocale.setDefault(before)


# --- what is data ------------------------------------------------------------------------------


def strings(value: Any) -> Iterator[str]:
    """Every string inside a value: dataclasses, mappings and sequences, recursively."""
    if isinstance(value, Enum):
        return
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from strings(item)


def record_data(store: Store) -> set[str]:
    """The records' values, in every revision, and what the centre said about them."""
    found: set[str] = set()
    for view in store.list_records(limit=1000).rows:
        found.update(strings(view))
        for revision in store.revision_history(view.id):
            found.update(strings(revision))
    return found


def core_messages(editor: RecordEditor) -> set[str]:
    """What the validation engine says about the editor's form (Chinese by design)."""
    state = editor.state
    found = {i.message for i in state.record_issues()}
    for view in state.views():
        found.update(m for m in (view.error, view.warning) if m)
    return found


def strip_data(text: str, data: list[str]) -> str:
    for value in data:  # longest first, so that a short value never splits a longer one
        if value in text:
            text = text.replace(value, " ")
    return text


# --- what the interface shows ---------------------------------------------------------------


def model_texts(view: QAbstractItemView, where: str, data: bool) -> Iterator[Text]:
    model = view.model()
    root = view.rootIndex()
    # (A list model's columnCount is private in PySide6: a list has one column.)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    rows = model.rowCount(root)
    for column in range(columns):
        yield f"{where} heading {column}", str(model.headerData(
            column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""), False
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column, root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                yield f"{where} cell {row},{column}", str(index.data(role) or ""), data


def widget_texts(root: QWidget) -> Iterator[Text]:
    """The text a clerk can see in a window and everything inside it."""
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__} {widget.objectName() or '-'}"
        if widget.isWindow():  # the main window, the editors (its children), a dialog
            yield f"{name} title", widget.windowTitle(), isinstance(widget, RecordEditor)
        yield f"{name} tooltip", widget.toolTip(), True
        if isinstance(widget, QLabel):
            yield name, TAGS.sub("", widget.text()), True
        elif isinstance(widget, QAbstractButton):
            yield name, widget.text(), False
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            # The text is the clerk's; a placeholder may be an example from the catalog.
            yield f"{name} placeholder", widget.placeholderText(), True
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{name} entry {i}", widget.itemText(i), True
        elif isinstance(widget, QSpinBox):
            yield f"{name} suffix", widget.suffix(), False
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            # (A header shows its view's model.)
            yield from model_texts(widget, name, data=widget.objectName() != "navigation")
    for action in root.findChildren(QAction):
        yield f"action {action.objectName() or '-'}", action.text(), False
    if isinstance(root, QMainWindow):
        yield "status bar message", root.statusBar().currentMessage(), True


def chinese_left(texts: Iterable[Text], data: Iterable[str]) -> list[str]:
    ordered = sorted({d for d in data if d and CJK.search(d)}, key=len, reverse=True)
    problems = []
    for where, text, may_show_data in texts:
        rest = strip_data(text, ordered) if may_show_data else text
        if CJK.search(rest):
            problems.append(f"{where}: {text!r}")
    return sorted(set(problems))


# --- the test -----------------------------------------------------------------------------------


def records(store: Store) -> dict[str, str]:
    """One record in most of the states a clerk sees, with a deadline past and an estimated one."""
    ids = {
        "draft": store.create("CF", {"CF_XDR_MC": "阳江市未填完商行",
                                     "CF_WSH": "阳市监罚〔2026〕1号"}).record.id,
        "overdue": store.create("CF", company(2)).record.id,
        "estimated": store.create("CF", company(3, CF_JDRQ="2026-12-30")).record.id,
        "queued": store.create("CF", company(4)).record.id,
        "accepted": accepted(store, company(5)),
        "corrected": accepted(store, company(6)),
        "rejected": store.create("CF", company(7)).record.id,
        "xk": store.create("XK", {"XK_XDR_MC": "阳江市海韵贸易有限公司"}).record.id,
    }
    store.submit([ids["queued"], ids["rejected"]])
    for op in store.claim_outbox():
        if op.record_id == ids["rejected"]:
            store.outbox_result(op.idempotency_key, "rejected", [{"message": REASON}])
    store.start_correction(ids["corrected"], "决定书文号有误")
    return ids


def import_workbook(path: Path, catalog: Catalog) -> Path:
    """A workbook with the catalog's column titles, one column nobody knows, one bad row."""
    fields = catalog.item("CF").fields
    headers = [f.title for f in fields] + ["经办人"]
    good = company(8)
    bad = company(9, CF_XDR_SHXYM="91441700MA4W0000XX")
    return write_book(path, headers, [[r.get(f.name) for f in fields] + ["张三"]
                                      for r in (good, bad)])


def test_no_chinese_is_left_in_the_english_interface(
        english: QTranslator, store: Store, context: AppContext, dialogs: ScriptedDialogs,
        catalog: Catalog, data_dir: Path, tmp_path: Path, qtbot: QtBot) -> None:
    ids = records(store)
    summary = SyncSummary(sent=2, accepted=2).describe()
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / SYNC_LOG).write_text(json.dumps(
        {"started": "2026-11-26T09:00:00+08:00", "finished": "2026-11-26T09:01:00+08:00",
         "ok": True, "summary": summary, "details": {}}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    window = MainWindow(context, dialogs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    texts: list[Text] = []

    # Every page, and in the record lists every row selected (the line under the list).
    for key, _ in NAVIGATION:
        window.show_page(key)
        page = window.pages[key]
        if isinstance(page, RecordsPage):
            assert page.model.loaded  # a list loads when it is first shown
            for row in range(page.model.rowCount()):
                page.view.selectRow(row)
                texts.append((f"{key} detail, row {row}", page.detail.text(), True))

    # An import that stops on a bad row.
    page = window.pages["import"]
    assert isinstance(page, ImportPage)
    workbook = import_workbook(tmp_path / "import.xlsx", catalog)
    page.set_file(workbook)
    qtbot.waitUntil(page.run.isEnabled, timeout=20_000)
    texts += widget_texts(page)  # the mapping and "check the columns" before it is replaced
    task = page.start(dry_run=False)
    assert task is not None
    qtbot.waitUntil(lambda: task.done and page.result is not None, timeout=20_000)
    assert page.result is not None and page.result.invalid == 1 and page.result.imported == 0
    assert page.summary.text().splitlines()[-1] == (
        "Because of the errors, nothing was saved, as the chosen mode requires.")
    import_data = {str(e.message) for e in page.result.errors} | {"经办人", "张三"}

    # Record editors: a draft with errors, a record that cannot be changed, a correction that
    # differs from the accepted version, a new record.
    editors = [window.open_record(store.get(ids[key])) for key in ("draft", "accepted",
                                                                   "corrected")]
    editors.append(window.new_record("XK"))
    draft, _, correction, _ = editors
    assert draft is not None and correction is not None
    draft.submit()  # "n errors left"
    correction.form.rows["CF_NR_FK"].editor.set_value("0.3")
    assert correction.form.rows["CF_NR_FK"].message.text().startswith("Previous value: 0.2")
    messages: set[str] = set()
    for editor in editors:
        assert editor is not None
        qtbot.addWidget(editor)
        messages |= core_messages(editor)
    texts += widget_texts(window)  # the editors are the window's children

    # The dialogs, built but not run.
    for dialog in (LoginDialog(None, ""), SettingsDialog(None, "en", 15, data_dir),
                   RetractionDialog("阳江市第00005号贸易有限公司 阳市监罚〔2026〕5号"),
                   ItemChooser(catalog)):
        qtbot.addWidget(dialog)
        texts += widget_texts(dialog)
    texts.append(("about", about_text(catalog), True))

    data = (set(strings(catalog)) | record_data(store) | messages | import_data
            | {summary, REASON, *LANGUAGE_NAMES})
    problems = chinese_left(texts, data)
    assert not problems, "Chinese in the English interface:\n" + "\n".join(problems)
    # The test looked at what it means to: a few texts it must have seen, in English.
    seen = {text for _, text, _ in texts}
    assert {"Home", "New record", "Subject name", "Ready to submit"} <= seen
    assert any(t.startswith("Last sync") for t in seen)


def test_the_check_reports_chinese_but_not_data() -> None:
    texts = [("nav", "首页", False), ("title", "阳江市海韵贸易有限公司 (CF)", True),
             ("glue", "阳江市海韵贸易有限公司（CF）", True), ("english", "Home", False),
             ("data", "撤销", True), ("button", "撤销", False)]
    assert chinese_left(texts, {"阳江市海韵贸易有限公司", "撤销"}) == [
        "button: '撤销'", "glue: '阳江市海韵贸易有限公司（CF）'", "nav: '首页'"]


def test_state_names_are_translated_where_shown(english: QTranslator, store: Store) -> None:
    record = store.create("CF", company(1)).record.id
    model = RecordTableModel(store)
    model.reload()
    assert model.index(0, 1).data() == "Ready to submit"
    assert store.get(record).state is State.READY
    assert {StateLabel.of(state) for state in State}.isdisjoint(
        {state.label for state in State})
    assert not any(CJK.search(StateLabel.of(state)) for state in State)


def test_the_import_mapping_shows_whole_column_headings(
        english: QTranslator, context: AppContext, dialogs: ScriptedDialogs, catalog: Catalog,
        tmp_path: Path, qtbot: QtBot) -> None:
    page = ImportPage(context, dialogs)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    header = page.mapping.horizontalHeader()
    assert page.mapping.model().headerData(0, Qt.Orientation.Horizontal) == "Column in file"
    # Before a file is read the column still fits its own (English, longer) heading ...
    assert header.sectionSize(0) >= header.sectionSizeHint(0)
    # ... and afterwards the file's longest heading.
    long = "行政相对人代码_1(统一社会信用代码)（旧模板的列，标题特别长）"
    fields = catalog.item("CF").fields
    record = company(1)
    workbook = write_book(tmp_path / "long.xlsx", [f.title for f in fields] + [long],
                          [[record.get(f.name) for f in fields] + ["x"]])
    page.set_file(workbook)
    qtbot.waitUntil(page.run.isEnabled, timeout=20_000)
    assert page.mapping.rowCount() == len(fields) + 1
    qtbot.waitUntil(lambda: header.sectionSize(0) >= page.mapping.sizeHintForColumn(0))
    assert header.sectionSize(0) >= header.sectionSizeHint(0)
    fm = page.mapping.fontMetrics()
    assert header.sectionSize(0) > fm.horizontalAdvance(long)
