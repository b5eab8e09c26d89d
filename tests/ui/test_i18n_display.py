"""How values are shown whatever the language: state names through the translation, every
time in China time (the store's clock, +08:00) on any machine, and messages filled in."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt is part of the dev install; see Makefile")

from PySide6.QtWidgets import QApplication  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from tests.sheets.books import write_book  # noqa: E402
from tests.sync.conftest import USER  # noqa: E402
from tests.ui.conftest import ScriptedDialogs, company  # noqa: E402
from ygclient.catalog import Catalog  # noqa: E402
from ygclient.clock import CHINA_TZ, FixedClock  # noqa: E402
from ygclient.store import State, Store  # noqa: E402
from ygclient.store.lifecycle import STATE_LABELS  # noqa: E402
from ygclient.ui.context import SYNC_LOG, AppContext  # noqa: E402
from ygclient.ui.display import StateLabel  # noqa: E402
from ygclient.ui.import_wizard import ImportPage  # noqa: E402
from ygclient.ui.main_window import MainWindow  # noqa: E402
from ygclient.ui.pages import RecordsPage, SyncLogPage  # noqa: E402
from ygclient.ui.text import china_time, fill  # noqa: E402


def test_the_ui_knows_every_state_label_of_the_core() -> None:
    # lupdate sees the labels in StateLabel.TEXTS; a state added or renamed in the core must
    # be added there too, or English shows it in Chinese.
    assert dict(StateLabel.TEXTS) == STATE_LABELS
    assert all(StateLabel.of(state) == state.label for state in State)  # no translator


def test_fill_replaces_each_placeholder_once() -> None:
    assert fill("%1：%2", "甲%2", "乙") == "甲%2：乙"
    assert fill("%2 before %1", 1, 2) == "2 before 1"
    assert fill("%1 %3", "a") == "a %3"


def test_china_time_from_any_offset() -> None:
    assert china_time("2026-11-26T01:30:00+00:00") == "2026-11-26 09:30"
    assert china_time("2026-11-25T20:30:05-05:00", seconds=True) == "2026-11-26 09:30:05"
    assert china_time("2026-11-26T09:30:00+08:00") == "2026-11-26 09:30"
    assert china_time("2026-11-26T09:30:00") == "2026-11-26 09:30"  # no offset: China time
    assert china_time("not a time") == "not a time"


def first_time(log: SyncLogPage) -> str:
    cell = log.table.item(0, 0)
    assert cell is not None
    return cell.text()


@pytest.fixture
def new_york() -> Iterator[None]:
    """The machine's own time zone far from China's (what a reviewer saw on a UTC machine)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_sync_times_are_china_time_like_the_records(
        new_york: None, data_dir: Path, catalog: Catalog, qapp: QApplication,
        qtbot: QtBot) -> None:
    at = dt.datetime(2026, 11, 26, 9, 30, tzinfo=CHINA_TZ)
    assert dt.datetime.now().astimezone().utcoffset() != at.utcoffset()
    data_dir.mkdir(parents=True, exist_ok=True)
    # An entry an older version wrote, with the machine's offset.
    (data_dir / SYNC_LOG).write_text(json.dumps(
        {"started": "2026-11-25T19:00:00-05:00", "finished": "2026-11-25T19:01:02-05:00",
         "ok": True, "summary": "发送 0 条", "details": {}}) + "\n", encoding="utf-8")
    with Store.open(data_dir, catalog, actor=USER, clock=FixedClock(at)) as store:
        store.create("CF", company(1))
        context = AppContext(store, data_dir)
        try:
            window = MainWindow(context, ScriptedDialogs())
            qtbot.addWidget(window)
            log = window.pages["sync"]
            assert isinstance(log, SyncLogPage)
            assert first_time(log) == "2026-11-26 08:01:02"
            assert window.last_sync_label.text() == "上次同步 11-26 08:01 成功"

            with qtbot.waitSignal(context.syncFinished, timeout=10_000) as finished:
                context.start_sync()  # no server set up: it ends at once, and is logged
            entry = finished.args[0] if finished.args else {}
            assert entry["finished"] == "2026-11-26T09:30:00+08:00"
            assert json.loads((data_dir / SYNC_LOG).read_text(encoding="utf-8")
                              .splitlines()[-1])["finished"] == entry["finished"]
            assert first_time(log) == "2026-11-26 09:30:00"
            assert window.last_sync_label.text() == "上次同步 11-26 09:30 未完成"

            page = window.pages["to_send"]
            assert isinstance(page, RecordsPage)
            page.model.reload()
            assert page.model.index(0, 8).data() == "2026-11-26 09:30"  # 最后修改, the same
            window.close()
        finally:
            context.shutdown()


def test_the_all_or_nothing_sentence_is_a_line_of_its_own(
        context: AppContext, dialogs: ScriptedDialogs, catalog: Catalog, tmp_path: Path,
        qtbot: QtBot) -> None:
    fields = catalog.item("CF").fields
    rows = [company(1), company(2, CF_XDR_SHXYM="91441700MA4W0000XX")]
    workbook = write_book(tmp_path / "book.xlsx", [f.title for f in fields],
                          [[r.get(f.name) for f in fields] for r in rows])
    page = ImportPage(context, dialogs)
    qtbot.addWidget(page)
    page.set_file(workbook)
    qtbot.waitUntil(page.run.isEnabled, timeout=20_000)
    task = page.start(dry_run=False)
    assert task is not None
    qtbot.waitUntil(lambda: task.done and page.result is not None, timeout=20_000)
    assert page.summary.text().splitlines() == [
        "导入：共 2 行，无误 1 行，有错 1 行，重复 0 行；已保存 0 条。",
        "因为有错误，按所选方式一条都没有保存。"]
    assert page.errors.item(0).text().startswith("第 3 行：")
