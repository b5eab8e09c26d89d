"""The 异议核查 inbox: urgency order and colours, the banner and the tray reminder, the four
answers through their dialogs, and the 变更与撤销 list.

Notices arrive through ``Store.apply_feed`` exactly as the sync engine hands them over (the
centre's side runs for real in tests/sync/test_objections_e2e.py); the store's clock is fixed
on Thursday 2026-11-26 so that "overdue" and "due within 3 working days" do not depend on the
day the tests run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.sync.conftest import USER
from tests.ui.conftest import ScriptedDialogs, accepted, company
from ygclient.catalog import Catalog
from ygclient.clock import FixedClock
from ygclient.evidence import keep_downloaded, read_evidence
from ygclient.paths import attachments_dir
from ygclient.store import State, Store
from ygclient.store.lifecycle import NoticeState
from ygclient.ui.context import AppContext
from ygclient.ui.main_window import MainWindow
from ygclient.ui.notices import (
    ChangeTableModel,
    ConfirmAnswerDialog,
    ExtensionDialog,
    NoticesPage,
    NoticeTableModel,
)
from ygclient.ui.pages import DashboardPage

TODAY = FixedClock(dt.date(2026, 11, 26))
# A one-page PDF, checked by content like every evidence file.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
_cursor = count(1)


@pytest.fixture
def store(data_dir: Path, catalog: Catalog) -> Iterator[Store]:
    s = Store.open(data_dir, catalog, actor=USER, clock=TODAY)
    try:
        yield s
    finally:
        s.close()


def notice(store: Store, record_id: str, case: str, sent_on: str, **extra: Any) -> None:
    """A verification notice as the feed brings it."""
    view = store.get(record_id)
    event = {"type": "notice", "case_id": case, "record_id": record_id, "item": "CF",
             "subject_name": view.subject_name, "document_number": view.document_number,
             "content": "当事人称处罚决定已被复议撤销，申请核查", "materials": [
                 {"sha256": "cd" * 32, "name": "复议决定书.pdf", "size": 2048,
                  "media_type": "application/pdf"}],
             "sent_on": sent_on, "days": 10, "due": None, "extension": None} | extra
    store.apply_feed([event], str(next(_cursor)))


def three_notices(store: Store) -> dict[str, str]:
    """Case → record: one overdue, one due in 2 working days, one with 10 days left."""
    cases = {"YY2026-0001": "2026-11-26", "YY2026-0002": "2026-11-10",
             "YY2026-0003": "2026-11-16"}
    records = {}
    for n, (case, sent_on) in enumerate(cases.items(), start=1):
        records[case] = accepted(store, company(n))
        notice(store, records[case], case, sent_on)
    return records


def inbox(qtbot: QtBot, window: MainWindow, rows: int) -> NoticesPage:
    window.show_page("objections")
    page = window.pages["objections"]
    assert isinstance(page, NoticesPage)
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == rows)
    return page


def choose(page: NoticesPage, case: str) -> None:
    page.select(case)
    current = page.current()
    assert current is not None and current.case_id == case


def press(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def cell(page: NoticesPage, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
         ) -> Any:
    return page.model.index(row, column).data(role)


def test_the_inbox_puts_the_most_urgent_first_and_marks_it(
        store: Store, window: MainWindow, qtbot: QtBot) -> None:
    three_notices(store)
    page = inbox(qtbot, window, 3)
    assert [cell(page, row, 0) for row in range(3)] == \
        ["YY2026-0002", "YY2026-0003", "YY2026-0001"]
    assert cell(page, 0, 1) == "待答复（已逾期）"
    assert (cell(page, 0, 3), cell(page, 0, 4)) == ("2026-11-24", "已逾期 2 个工作日")
    assert cell(page, 1, 1) == "待答复（即将到期）"
    assert (cell(page, 1, 3), cell(page, 1, 4)) == ("2026-11-30", "2 个工作日")
    assert (cell(page, 2, 1), cell(page, 2, 3), cell(page, 2, 4)) == \
        ("待答复", "2026-12-10", "10 个工作日")
    colours = [cell(page, row, 0, Qt.ItemDataRole.BackgroundRole) for row in range(3)]
    assert colours[0].color().name() == "#ffebee"
    assert colours[1].color().name() == "#fff8e1"
    assert colours[2] is None

    choose(page, "YY2026-0003")
    text = page.detail.toPlainText()
    assert "当事人称处罚决定已被复议撤销" in text and "答复期限：2026-11-30" in text
    assert page.materials.count() == 1 and page.materials.item(0).text() == "复议决定书.pdf"
    assert all(page.buttons[name].isEnabled()
               for name in ("correct", "confirm", "extend", "revoke", "record"))


def test_a_material_not_yet_downloaded_says_so(
        store: Store, window: MainWindow, dialogs: ScriptedDialogs, qtbot: QtBot) -> None:
    three_notices(store)
    page = inbox(qtbot, window, 3)
    choose(page, "YY2026-0001")
    page._open_material(page.materials.item(0))
    assert dialogs.infos == [("材料尚未下载", "联网同步后即可打开这份材料。")]


class UrlCatcher(QObject):
    """Receives the file URLs the app asks the desktop to open (Qt's own URL-handler hook:
    no viewer is started during tests)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_a_downloaded_material_opens_as_a_plain_copy_removed_on_close(
        store: Store, context: AppContext, dialogs: ScriptedDialogs, data_dir: Path,
        qtbot: QtBot) -> None:
    digest = hashlib.sha256(PDF).hexdigest()
    records = {"YY2026-0001": accepted(store, company(1))}
    notice(store, records["YY2026-0001"], "YY2026-0001", "2026-11-26", materials=[
        {"sha256": digest, "name": "复议决定书.pdf", "size": len(PDF),
         "media_type": "application/pdf"}])
    kept = keep_downloaded(attachments_dir(data_dir), digest, PDF, store.key)
    assert store.key is not None and PDF not in kept.read_bytes()  # encrypted at rest
    main = MainWindow(context, dialogs)
    qtbot.addWidget(main)
    main.show()
    page = inbox(qtbot, main, 1)
    choose(page, "YY2026-0001")
    catcher = UrlCatcher()
    # The stubs say bytes for the method name; PySide6 6.11 accepts only str.
    QDesktopServices.setUrlHandler("file", catcher, "open")  # type: ignore[arg-type]
    try:
        page._open_material(page.materials.item(0))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    (url,) = catcher.urls
    opened = Path(url.toLocalFile())
    assert opened.name == "复议决定书.pdf" and opened.read_bytes() == PDF
    assert opened.is_relative_to(data_dir / "opened")
    main.close()
    assert not opened.exists()
    assert dialogs.errors == []


def test_banner_dashboard_and_startup_reminder_count_what_is_owed(
        store: Store, context: AppContext, dialogs: ScriptedDialogs, qtbot: QtBot) -> None:
    three_notices(store)
    main = MainWindow(context, dialogs)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: bool(main.notifier.shown))
    ((title, text),) = main.notifier.shown
    assert title == "核查通知待答复"
    assert text == "有 3 件核查通知待答复：1 件已逾期，1 件 3 个工作日内到期。" \
                   "最近的期限：2026-11-24。"
    assert main.banner.isVisible() and main.banner.text.text() == text
    dashboard = main.pages["home"]
    assert isinstance(dashboard, DashboardPage)
    qtbot.waitUntil(lambda: dashboard.card_labels["objections"].text() == "3")

    banner_button = main.banner.findChild(QPushButton)
    assert banner_button is not None
    press(qtbot, banner_button)
    assert main.stack.currentWidget() is main.pages["objections"]
    main.close()


def test_no_banner_and_no_reminder_when_nothing_is_owed(
        store: Store, window: MainWindow, qtbot: QtBot) -> None:
    accepted(store, company(1))
    qtbot.wait(50)
    assert not window.banner.isVisible()
    assert window.notifier.shown == []


def test_a_sync_that_brought_a_notice_reminds_of_it_as_the_banner_reads_it(
        store: Store, window: MainWindow, context: AppContext, qtbot: QtBot) -> None:
    record = accepted(store, company(1))
    qtbot.wait(50)
    assert window.notifier.shown == [] and not window.banner.isVisible()
    notice(store, record, "YY2026-0009", "2026-11-26")  # applied from the feed by the sync
    # What AppContext._finish sends at the end of that sync.
    context.syncFinished.emit({"started": "2026-11-26T09:00:00+08:00",
                               "finished": "2026-11-26T09:00:05+08:00", "ok": True,
                               "summary": "同步完成", "details": {"notices": 1}})
    context.recordsChanged.emit()
    qtbot.waitUntil(lambda: bool(window.notifier.shown))
    ((title, text),) = window.notifier.shown
    assert title == "收到新的核查通知 1 件"
    assert text.startswith("有 1 件核查通知待答复")
    assert window.banner.isVisible() and window.banner.text.text() == text


def test_answer_no_error_with_evidence_and_opinion(
        store: Store, context: AppContext, window: MainWindow, dialogs: ScriptedDialogs,
        data_dir: Path, tmp_path: Path, qtbot: QtBot) -> None:
    records = three_notices(store)
    evidence = tmp_path / "复议决定书.pdf"
    evidence.write_bytes(PDF)
    page = inbox(qtbot, window, 3)
    choose(page, "YY2026-0003")
    dialogs.evidence = None  # cancelled: nothing happens
    press(qtbot, page.buttons["confirm"])
    assert store.objections.get("YY2026-0003").state == NoticeState.OPEN

    dialogs.evidence = ("经核实，处罚决定合法有效，未被撤销。", [str(evidence)])
    with qtbot.waitSignal(context.recordsChanged, timeout=5000):
        press(qtbot, page.buttons["confirm"])
    view = store.objections.get("YY2026-0003")
    assert view.state == NoticeState.ANSWERING and view.answer_kind == "confirm"
    (body,) = store.pending_outbox_bodies()
    assert body["case_id"] == "YY2026-0003"
    assert body["opinion"] == "经核实，处罚决定合法有效，未被撤销。"
    (stored,) = attachments_dir(data_dir).iterdir()
    assert PDF not in stored.read_bytes()  # kept encrypted with the data key
    assert read_evidence(attachments_dir(data_dir), stored.name, store.key) == PDF
    assert store.get(records["YY2026-0003"]).state == State.UNDER_OBJECTION
    qtbot.waitUntil(lambda: page.current() is not None
                    and page.current().case_id == "YY2026-0003")  # type: ignore[union-attr]
    assert not page.buttons["confirm"].isEnabled()  # answered: nothing more to send
    assert window.statusBar().currentMessage() == "答复已保存，联网同步时发送"
    assert dialogs.errors == []


def test_answer_with_a_correction_opens_the_editor_linked_to_the_case(
        store: Store, window: MainWindow, dialogs: ScriptedDialogs, qtbot: QtBot) -> None:
    records = three_notices(store)
    page = inbox(qtbot, window, 3)
    choose(page, "YY2026-0002")
    dialogs.correction_answer = "罚款金额录入错误"
    press(qtbot, page.buttons["correct"])
    qtbot.waitUntil(lambda: len(window.editors) == 1, timeout=5000)
    record = store.get(records["YY2026-0002"])
    assert record.state == State.CORRECTION
    assert store.current_revision(record.id).reason == "罚款金额录入错误"
    (change,) = store.changes()
    assert change.case_id == "YY2026-0002"
    assert dialogs.errors == []


def test_extension_request_and_revocation(
        store: Store, context: AppContext, window: MainWindow, dialogs: ScriptedDialogs,
        qtbot: QtBot) -> None:
    records = three_notices(store)
    page = inbox(qtbot, window, 3)
    choose(page, "YY2026-0001")
    dialogs.extension_answer = "涉及多个部门，需调取复议卷宗核实"
    with qtbot.waitSignal(context.recordsChanged, timeout=5000):
        press(qtbot, page.buttons["extend"])
    view = store.objections.get("YY2026-0001")
    assert view.extension == "queued" and view.extension_reason == dialogs.extension_answer
    choose(page, "YY2026-0001")
    assert "延期：延期申请待发送" in page.detail.toPlainText()
    assert not page.buttons["extend"].isEnabled()  # once per case

    choose(page, "YY2026-0002")
    dialogs.retraction_answer = ("处罚决定已被复议机关撤销", "阳府复决〔2026〕3号")
    with qtbot.waitSignal(context.recordsChanged, timeout=5000):
        press(qtbot, page.buttons["revoke"])
    assert store.get(records["YY2026-0002"]).state == State.QUEUED
    assert store.objections.get("YY2026-0002").answer_kind == "revoke"
    ops = {body["op"] for body in store.pending_outbox_bodies()}
    assert "retract" in ops
    assert dialogs.errors == []


def test_the_confirm_dialog_checks_files_and_length(qtbot: QtBot, store: Store,
                                                    tmp_path: Path) -> None:
    three_notices(store)
    dialog = ConfirmAnswerDialog(store.objections.get("YY2026-0001"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    fake = tmp_path / "决定书.pdf"
    fake.write_text("not a pdf at all", encoding="utf-8")
    assert not dialog.add_file(fake)
    assert "决定书.pdf" in dialog.problem.text() and dialog.files.count() == 0
    good = tmp_path / "good.pdf"
    good.write_bytes(PDF)
    assert dialog.add_file(good) and dialog.add_file(good)  # the same file once
    assert dialog.files.count() == 1 and dialog.problem.text() == ""
    dialog.opinion.setPlainText("核实无误")
    assert ok.isEnabled()
    dialog.opinion.setPlainText("字" * 501)
    assert not ok.isEnabled() and dialog.counter.text() == "501/500"
    dialog.opinion.setPlainText("字" * 500)
    assert ok.isEnabled()
    assert dialog.value() == ("字" * 500, [str(good)])


def test_the_extension_dialog_needs_a_reason(qtbot: QtBot, store: Store) -> None:
    three_notices(store)
    dialog = ExtensionDialog(store.objections.get("YY2026-0002"))
    qtbot.addWidget(dialog)
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.reason.setPlainText("  ")
    assert not ok.isEnabled()
    dialog.reason.setPlainText("需调取卷宗")
    assert ok.isEnabled() and dialog.value() == "需调取卷宗"


def test_changes_list_shows_reason_basis_deadline_and_state(
        store: Store, context: AppContext, window: MainWindow, qtbot: QtBot) -> None:
    corrected = accepted(store, company(1))
    retracted = accepted(store, company(2))
    store.start_correction(corrected, "罚款金额录入错误")
    store.submit([store.start_retraction(retracted, "决定已撤销", "阳府复决〔2026〕3号").id])
    window.show_page("changes")
    page = window.pages["changes"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)  # type: ignore[attr-defined]
    rows = {page.model.index(r, 0).data(): [page.model.index(r, c).data()  # type: ignore
                                            for c in range(9)] for r in range(2)}
    assert rows["变更"][1] == "未报送" and rows["变更"][5] == "罚款金额录入错误"
    assert rows["撤销"][1] == "待发送" and rows["撤销"][6] == "阳府复决〔2026〕3号"
    assert all(row[2] and row[2] != "—" for row in rows.values())  # art. 11 deadline shown


def test_qtmodeltester_on_the_notice_and_change_models(qtmodeltester: Any, store: Store) -> None:
    records = three_notices(store)
    store.start_correction(records["YY2026-0003"], "罚款金额录入错误")
    notices = NoticeTableModel()
    notices.set_rows(store.objections.inbox())
    qtmodeltester.check(notices)
    assert notices.rowCount() == 3
    changes = ChangeTableModel()
    changes.set_rows(store.changes())
    qtmodeltester.check(changes)
    assert changes.rowCount() == 1
