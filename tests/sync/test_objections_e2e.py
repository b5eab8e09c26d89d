"""Objections end to end against a real ygcentral on 127.0.0.1.

The credit centre files and refers the case (admin, with an injected clock: the notice goes
out on 2026-12-24, so its deadline runs into 2027, whose schedule is not yet published); the
client syncs, sees the notice with the right due date, answers in each of the four ways, syncs
again; the centre acts on the answer and closes the case; the client ends in the final state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.catalog.records import penalty_for_company
from tests.sync.conftest import USER, CentralServer, Client
from ygcentral.service import Central
from ygclient.catalog import Catalog
from ygclient.clock import FixedClock
from ygclient.evidence import add_evidence, read_evidence
from ygclient.store import State, Store
from ygclient.store.lifecycle import NoticeState

SENT = dt.date(2026, 12, 24)
PDF = b"%PDF-1.7\n% the applicant's decision on review\n" + b"0" * 512
PNG = b"\x89PNG\r\n\x1a\n" + b"1" * 256


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(SENT)


@pytest.fixture
def store(client_dir: Path, catalog: Catalog, clock: FixedClock) -> Iterator[Store]:
    with Store.open(client_dir, catalog, actor=USER, clock=clock) as s:
        yield s


@pytest.fixture
def admin(central: CentralServer, clock: FixedClock) -> Iterator[Central]:
    """The credit centre's staff, working on the same day as the clerk."""
    centre = Central.open(central.db_url, clock=clock)
    try:
        yield centre
    finally:
        centre.close()


@pytest.fixture
def case(store: Store, client: Client, admin: Central) -> tuple[str, str]:
    """An accepted record, an objection to it with material, referred; the client synced."""
    record_id = store.create("CF", penalty_for_company()).record.id
    store.submit([record_id])
    client.engine.run()
    admin.review(record_id, accept=True)
    client.engine.run()
    assert store.get(record_id).state == State.ACCEPTED
    case_id = admin.file_objection(record_id, "处罚决定已被复议撤销，仍在公示",
                                   applicant="阳江市海韵贸易有限公司",
                                   materials=[("复议决定书.pdf", PDF)])
    admin.refer_case(case_id)
    summary = client.engine.run()
    assert summary.notices == 1 and summary.materials_downloaded == 1
    return case_id, record_id


def central_case(admin: Central, case_id: str) -> dict[str, object]:
    return admin.case(case_id)


def test_the_notice_arrives_with_its_estimated_due_date_and_material(
        store: Store, client_dir: Path, case: tuple[str, str]) -> None:
    case_id, record_id = case
    view = store.objections.get(case_id)
    assert store.get(record_id).state == State.UNDER_OBJECTION
    assert (view.sent_on, view.days, view.due, view.due_estimated) == (
        "2026-12-24", 10, "2027-01-08", True)
    assert view.central_due == "2027-01-08"  # both sides count the same way
    assert view.content == "处罚决定已被复议撤销，仍在公示"
    [material] = view.materials
    sha = hashlib.sha256(PDF).hexdigest()
    assert (material["name"], material["sha256"]) == ("复议决定书.pdf", sha)
    # Kept encrypted with the data key, named by the plaintext's SHA-256.
    assert PDF not in (client_dir / "attachments" / sha).read_bytes()
    assert read_evidence(client_dir / "attachments", sha, store.key) == PDF


def test_confirm_uploads_the_evidence_and_the_case_closes_maintained(
        store: Store, client: Client, admin: Central, client_dir: Path, tmp_path: Path,
        case: tuple[str, str]) -> None:
    case_id, record_id = case
    scan = tmp_path / "处罚决定书.png"
    scan.write_bytes(PNG)
    evidence = add_evidence(client_dir / "attachments", scan, store.key)
    store.objections.confirm(case_id, "处罚决定合法有效，复议维持原决定", [evidence])
    summary = client.engine.run()
    assert summary.attachments_uploaded == 1
    assert store.objections.get(case_id).state == NoticeState.ANSWERED
    assert store.get(record_id).state == State.ANSWERED
    at_centre = central_case(admin, case_id)
    assert at_centre["state"] == "answered"
    assert admin.has_attachment(evidence.sha256)
    admin.close_case(case_id, "maintained", "经核查，信息无误，维持原状")
    client.engine.run()
    view = store.objections.get(case_id)
    assert (view.state, view.result, view.result_note) == (
        NoticeState.CLOSED, "maintained", "经核查，信息无误，维持原状")
    record = store.get(record_id)
    assert (record.state, record.resolution) == (State.RESOLVED, "maintained")
    assert store.verify_audit().ok


def test_correct_is_answered_by_the_linked_correction(
        store: Store, client: Client, admin: Central, case: tuple[str, str]) -> None:
    case_id, record_id = case
    store.objections.correct(case_id, "罚款金额录入错误", penalty_for_company() | {
        "CF_NR_FK": "0.3", "CF_NR": "警告，并处罚款3000元。"})
    store.submit([record_id])
    client.engine.run()
    assert store.objections.get(case_id).state == NoticeState.ANSWERED
    at_centre = central_case(admin, case_id)
    assert at_centre["state"] == "answered"
    revisions = admin.revisions_of(record_id)
    assert revisions[-1]["kind"] == "correction"
    assert revisions[-1]["payload"]["CF_NR_FK"] == "0.3"
    admin.review(record_id, accept=True)
    admin.close_case(case_id, "corrected", "已按单位更正的信息调整")
    client.engine.run()
    record = store.get(record_id)
    assert (record.state, record.resolution) == (State.RESOLVED, "corrected")
    assert store.objections.get(case_id).state == NoticeState.CLOSED
    assert [c.status for c in store.changes()] == ["accepted"]
    assert store.changes()[0].case_id == case_id


def test_extension_moves_the_due_date_to_20_working_days(
        store: Store, client: Client, admin: Central, case: tuple[str, str]) -> None:
    case_id, _ = case
    store.objections.request_extension(case_id, "涉及多个部门，需要调取原始卷宗")
    client.engine.run()
    assert store.objections.get(case_id).extension == "requested"
    assert central_case(admin, case_id)["extension"] == "requested"
    admin.decide_extension(case_id, grant=True, note="同意延期")
    client.engine.run()
    view = store.objections.get(case_id)
    assert (view.days, view.extension, view.extension_note) == (20, "granted", "同意延期")
    expected = store.calendar.add_working_days(SENT, 20)
    assert (view.due, view.due_estimated) == (expected.date.isoformat(), True)
    assert view.due > "2027-01-08" and view.state == NoticeState.OPEN


def test_revoke_retracts_the_record_and_the_case_closes_revoked(
        store: Store, client: Client, admin: Central, case: tuple[str, str]) -> None:
    case_id, record_id = case
    store.objections.revoke(case_id, "处罚决定已被复议撤销", "阳府复〔2026〕15号行政复议决定书")
    client.engine.run()
    assert store.objections.get(case_id).answer_kind == "revoke"
    assert central_case(admin, case_id)["state"] == "answered"
    admin.review(record_id, accept=True)
    admin.close_case(case_id, "revoked")
    client.engine.run()
    assert store.get(record_id).state == State.RETRACTED
    view = store.objections.get(case_id)
    assert (view.state, view.result) == (NoticeState.CLOSED, "revoked")
    [change] = store.changes()
    assert (change.kind, change.legal_basis, change.status) == (
        "retraction", "阳府复〔2026〕15号行政复议决定书", "accepted")


def test_an_unanswered_notice_goes_overdue(store: Store, clock: FixedClock,
                                           case: tuple[str, str]) -> None:
    case_id, _ = case
    clock.advance(dt.timedelta(days=15))  # 2027-01-08, the due day
    assert store.objections.get(case_id).urgency == "due_soon"
    clock.advance(dt.timedelta(days=1))  # Saturday: late, though no working day has passed
    view = store.objections.get(case_id)
    assert (view.urgency, view.days_left) == ("overdue", 0)
    clock.advance(dt.timedelta(days=2))  # Monday
    assert store.objections.get(case_id).days_left == -1
    assert [v.case_id for v in store.objections.owed()] == [case_id]


def test_an_answer_to_a_closed_case_comes_back_refused(
        store: Store, client: Client, admin: Central, case: tuple[str, str]) -> None:
    case_id, record_id = case
    admin.close_case(case_id, "corrected", "中心系统差错，已由中心更正")  # before any answer
    assert store.data_dir is not None
    store.objections.confirm(case_id, "无误", [add_evidence(store.data_dir / "attachments",
                                                          _pdf(store), store.key)])
    client.engine.run()  # the answer goes out first, then the feed says the case is over
    view = store.objections.get(case_id)
    assert view.state == NoticeState.CLOSED and view.result == "corrected"
    assert store.get(record_id).state == State.RESOLVED


def _pdf(store: Store) -> Path:
    assert store.data_dir is not None
    path = store.data_dir / "决定书.pdf"
    path.write_bytes(PDF + b"evidence")
    return path
