"""Verification notices in the store: arrival through the feed, the four answers, deadlines.

The centre's side of each exchange is played by feed events and outbox results exactly as the
sync engine hands them over; tests/sync/test_objections_e2e.py runs the same against a real
ygcentral.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.catalog.records import penalty_for_company
from tests.store.test_store import accepted
from ygclient.clock import FixedClock
from ygclient.evidence import Evidence, EvidenceError, add_evidence
from ygclient.store import (
    NotFoundError,
    State,
    Store,
    TransitionError,
    ValidationFailedError,
)
from ygclient.store.lifecycle import NoticeState

PDF = Evidence("ab" * 32, "复议决定书.pdf", 1024, "application/pdf")
CASE = "YY2026-0007"


def notice(record_id: str, *, case: str = CASE, sent_on: str = "2026-11-26", days: int = 10,
           **extra: Any) -> dict[str, Any]:
    return {"type": "notice", "case_id": case, "record_id": record_id, "item": "CF",
            "subject_name": "阳江市海韵贸易有限公司", "document_number": "阳市监罚〔2026〕12号",
            "content": "处罚决定已被复议撤销，仍在公示",
            "materials": [{"sha256": "cd" * 32, "name": "复议决定书.pdf", "size": 2048,
                           "media_type": "application/pdf"}],
            "sent_on": sent_on, "days": days, "due": None, "extension": None} | extra


_cursor = iter(range(1, 10_000))


def feed(store: Store, *events: dict[str, Any]) -> Any:
    return store.apply_feed(list(events), str(next(_cursor)))


def answer_result(store: Store, outcome: str = "submitted",
                  reasons: list[dict[str, Any]] | None = None) -> Any:
    """Send what is queued and record the centre's answer to each operation."""
    ops = store.claim_outbox()
    for op in ops:
        store.outbox_result(op.idempotency_key, outcome, reasons or [])
    return ops


# --- arrival and deadlines --------

def test_a_notice_puts_the_record_under_objection_and_counts_10_working_days(
        store: Store) -> None:
    record_id = accepted(store)
    result = feed(store, notice(record_id))
    assert result.notices == 1
    assert store.get(record_id).state == State.UNDER_OBJECTION
    view = store.objections.get(CASE)
    assert (view.state, view.sent_on, view.days) == (NoticeState.OPEN, "2026-11-26", 10)
    assert (view.due, view.due_estimated, view.days_left) == ("2026-12-10", False, 10)
    assert view.urgency is None and view.record_state == State.UNDER_OBJECTION
    assert view.materials[0]["name"] == "复议决定书.pdf"
    assert [v.case_id for v in store.objections.owed()] == [CASE]
    assert store.verify_audit().ok


def test_a_newer_copy_of_a_notice_updates_it_without_a_second_transition(store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    result = feed(store, notice(record_id, content="补充：复议决定书见附件"))
    assert result.notices == 0 and not result.skipped
    assert store.objections.get(CASE).content == "补充：复议决定书见附件"
    assert store.get(record_id).state == State.UNDER_OBJECTION


@pytest.mark.parametrize(("sent_on", "days", "due", "estimated"), [
    ("2026-11-26", 10, "2026-12-10", False),  # an ordinary fortnight
    # 国庆 2026: 10-01..10-07 off, Saturday 10-10 worked (调休).
    ("2026-09-29", 10, "2026-10-19", False),
    ("2026-09-29", 20, "2026-11-02", False),  # the same notice, extended
    ("2026-12-24", 10, "2027-01-08", True),   # into 2027, whose schedule is not yet published
])
def test_due_dates_follow_the_working_day_calendar(store: Store, sent_on: str, days: int,
                                                  due: str, estimated: bool) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id, sent_on=sent_on, days=days))
    view = store.objections.get(CASE)
    assert (view.due, view.due_estimated) == (due, estimated)


def test_urgency_goes_due_soon_then_overdue(store: Store, clock: FixedClock) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))  # due 2026-12-10 (a Thursday)
    clock.advance(dt.timedelta(days=11))  # Mon 2026-12-07: 3 working days left
    view = store.objections.get(CASE)
    assert (view.days_left, view.urgency) == (3, "due_soon")
    clock.advance(dt.timedelta(days=3))  # Thu 2026-12-10: the due day itself
    assert (store.objections.get(CASE).days_left, store.objections.get(CASE).urgency) == (
        0, "due_soon")
    clock.advance(dt.timedelta(days=1))  # Fri 2026-12-11: late
    view = store.objections.get(CASE)
    assert (view.days_left, view.urgency) == (-1, "overdue")
    assert not view.can_extend
    with pytest.raises(TransitionError, match="已过"):
        store.objections.request_extension(CASE, "情况复杂")


def test_inbox_order_puts_the_nearest_deadline_first(store: Store) -> None:
    first, second = accepted(store), accepted(store, penalty_for_company() | {
        "CF_WSH": "阳市监罚〔2026〕99号"})
    feed(store, notice(first, case="YY2026-0001", sent_on="2026-11-20"),
         notice(second, case="YY2026-0002", sent_on="2026-11-10"))
    assert [v.case_id for v in store.objections.inbox()] == ["YY2026-0002", "YY2026-0001"]


# --- 无误 --------

def test_confirm_queues_an_answer_and_the_centre_s_receipt_answers_the_record(
        store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    view = store.objections.confirm(CASE, "  经核查，处罚决定合法有效。 ", [PDF, PDF])
    assert view.state == NoticeState.ANSWERING and view.answer_kind == "confirm"
    assert store.get(record_id).state == State.UNDER_OBJECTION  # not until the centre has it
    assert store.pending_attachments() == [PDF.sha256]
    ops = answer_result(store)
    assert len(ops) == 1 and ops[0].record_id is None
    assert ops[0].body == {"op": "answer", "case_id": CASE, "record_id": record_id,
                           "answer": "confirm", "opinion": "经核查，处罚决定合法有效。",
                           "attachments": [PDF.sha256]}
    assert store.objections.get(CASE).state == NoticeState.ANSWERED
    assert store.get(record_id).state == State.ANSWERED
    with pytest.raises(TransitionError, match="不能再答复|不能提交答复"):
        store.objections.confirm(CASE, "再答一次", [PDF])
    assert store.verify_audit().ok


@pytest.mark.parametrize(("opinion", "evidence", "message"), [
    ("", [PDF], "请填写核查意见"),
    ("  ", [PDF], "请填写核查意见"),
    ("意" * 501, [PDF], "最多 500 个字，现有 501 个字"),
    ("经核查无误", [], "须附证明材料"),
])
def test_confirm_refuses_what_the_centre_would(store: Store, opinion: str,
                                               evidence: list[Evidence], message: str) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    with pytest.raises(ValidationFailedError, match=message):
        store.objections.confirm(CASE, opinion, evidence)
    assert store.objections.get(CASE).state == NoticeState.OPEN
    assert store.pending_operations() == 0


def test_500_characters_are_allowed(store: Store) -> None:
    feed(store, notice(accepted(store)))
    assert store.objections.confirm(CASE, "意" * 500, [PDF]).state == NoticeState.ANSWERING


def test_an_answer_the_centre_refuses_can_be_given_again(store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    store.objections.confirm(CASE, "无误", [PDF])
    answer_result(store, "rejected", [{"message": "证明材料尚未上传"}])
    view = store.objections.get(CASE)
    assert view.state == NoticeState.OPEN
    assert view.answer_problems == ({"message": "证明材料尚未上传"},)
    assert store.get(record_id).state == State.UNDER_OBJECTION
    store.objections.confirm(CASE, "无误，材料已补", [PDF])
    answer_result(store)
    assert store.objections.get(CASE).answer_problems == ()
    assert store.get(record_id).state == State.ANSWERED


# --- 申请延期 --------

def test_extension_once_then_the_centre_grants_20_days(store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    assert store.objections.request_extension(CASE, "涉及多个部门，需要调取原始卷宗").extension \
        == "queued"
    with pytest.raises(TransitionError, match="只能申请一次"):
        store.objections.request_extension(CASE, "再申请")
    ops = answer_result(store)
    assert ops[0].body["answer"] == "extend"
    assert ops[0].body["reason"] == "涉及多个部门，需要调取原始卷宗"
    assert store.objections.get(CASE).extension == "requested"
    feed(store, notice(record_id, days=20, extension="granted", extension_note="同意延期"))
    view = store.objections.get(CASE)
    assert (view.days, view.due, view.extension) == (20, "2026-12-24", "granted")
    assert view.state == NoticeState.OPEN  # still owed: an extension is not an answer


def test_a_refused_extension_request_can_be_made_again(store: Store) -> None:
    feed(store, notice(accepted(store)))
    store.objections.request_extension(CASE, "理由")
    answer_result(store, "rejected", [{"message": "延期申请须在期限内提出"}])
    view = store.objections.get(CASE)
    assert view.extension is None and view.answer_problems[0]["message"].startswith("延期")
    assert store.objections.request_extension(CASE, "理由二").extension == "queued"


def test_an_extension_still_queued_survives_a_newer_notice(store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    store.objections.request_extension(CASE, "理由")
    feed(store, notice(record_id, content="更新"))
    assert store.objections.get(CASE).extension == "queued"


# --- 有误 --------

def test_correct_links_the_correction_and_its_acceptance_resolves_the_case(
        store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    fixed = penalty_for_company() | {"CF_NR_FK": "0.3", "CF_NR": "警告，并处罚款3000元。"}
    saved = store.objections.correct(CASE, "罚款金额录入错误", fixed)
    assert saved.record.state == State.CORRECTION
    assert store.current_revision(record_id).kind == "correction"
    assert store.objections.get(CASE).state == NoticeState.OPEN  # a draft is not an answer
    store.submit([record_id])
    assert store.objections.get(CASE).state == NoticeState.ANSWERING
    op = store.claim_outbox()[0]
    assert (op.op, op.body["case_id"], op.body["reason"]) == ("correct", CASE, "罚款金额录入错误")
    store.outbox_result(op.idempotency_key, "submitted")
    view = store.objections.get(CASE)
    assert (view.state, view.answer_kind) == (NoticeState.ANSWERED, "correct")
    assert view.answer is not None and view.answer["revision_id"] == op.revision_id
    store.apply_review(str(op.revision_id), accepted=True)
    assert store.get(record_id).state == State.ACCEPTED
    feed(store, {"type": "case_closed", "case_id": CASE, "record_id": record_id,
                 "result": "corrected", "note": "已更正", "closed_on": "2026-12-01"})
    record = store.get(record_id)
    assert (record.state, record.resolution) == (State.RESOLVED, "corrected")
    view = store.objections.get(CASE)
    assert (view.state, view.result, view.closed_on) == (NoticeState.CLOSED, "corrected",
                                                         "2026-12-01")
    assert store.objections.owed() == []
    assert store.verify_audit().ok


def test_cancelling_the_answering_correction_puts_the_record_back_under_objection(
        store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    store.objections.correct(CASE, "罚款金额录入错误")
    store.cancel(record_id)
    assert store.get(record_id).state == State.UNDER_OBJECTION
    assert store.objections.get(CASE).state == NoticeState.OPEN
    assert store.verify_audit().ok


def test_a_rejected_correction_reopens_the_notice_and_its_fix_answers_again(
        store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    store.objections.correct(CASE, "罚款金额录入错误",
                             penalty_for_company() | {"CF_NR_FK": "0.3"})
    store.submit([record_id])
    answer_result(store, "rejected", [{"message": "罚款金额与处罚内容不一致"}])
    assert store.get(record_id).state == State.REJECTED
    assert store.objections.get(CASE).state == NoticeState.OPEN
    store.edit(record_id, penalty_for_company() | {"CF_NR_FK": "0.3",
                                                   "CF_NR": "警告，并处罚款3000元。"},
               reason="罚款金额录入错误")
    store.submit([record_id])
    op = store.claim_outbox()[0]
    assert op.body["case_id"] == CASE  # the fix is a new revision, still the case's answer
    assert store.objections.get(CASE).state == NoticeState.ANSWERING


def test_a_correction_already_under_way_becomes_the_answer(store: Store) -> None:
    record_id = accepted(store)
    store.start_correction(record_id, "发现笔误")
    feed(store, notice(record_id))  # the record is busy: the notice waits beside it
    assert store.get(record_id).state == State.CORRECTION
    assert store.objections.get(CASE).record_state == State.CORRECTION
    store.objections.correct(CASE, "笔误，已更正")
    store.submit([record_id])
    assert store.claim_outbox()[0].body["case_id"] == CASE


# --- 撤销 --------

def test_revoke_queues_a_linked_retraction(store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    view = store.objections.revoke(CASE, "处罚决定已被复议撤销", "《行政复议法》第六十四条")
    assert view.state == State.QUEUED
    assert store.objections.get(CASE).state == NoticeState.ANSWERING
    op = store.claim_outbox()[0]
    assert (op.op, op.body["case_id"], op.body["legal_basis"]) == (
        "retract", CASE, "《行政复议法》第六十四条")
    store.outbox_result(op.idempotency_key, "submitted")
    assert store.objections.get(CASE).answer_kind == "revoke"
    store.apply_review(str(op.revision_id), accepted=True)
    assert store.get(record_id).state == State.RETRACTED
    feed(store, {"type": "case_closed", "case_id": CASE, "record_id": record_id,
                 "result": "revoked"})
    assert store.objections.get(CASE).result == "revoked"
    assert store.get(record_id).state == State.RETRACTED  # stays retracted, nothing to resolve
    assert store.verify_audit().ok


def test_revoke_needs_reason_and_basis(store: Store) -> None:
    feed(store, notice(accepted(store)))
    with pytest.raises(ValidationFailedError, match="法律依据"):
        store.objections.revoke(CASE, "已撤销", " ")
    assert store.objections.get(CASE).state == NoticeState.OPEN


# --- a record kept elsewhere, odd events --------

def test_a_notice_about_a_record_on_another_machine(store: Store) -> None:
    elsewhere = "01939a10-0000-7000-8000-00000000beef"
    result = feed(store, notice(elsewhere))
    assert result.notices == 1 and not result.skipped
    view = store.objections.get(CASE)
    assert view.record_state is None and view.subject_name == "阳江市海韵贸易有限公司"
    with pytest.raises(NotFoundError, match="本机没有"):
        store.objections.correct(CASE, "更正")
    store.objections.confirm(CASE, "经核查无误", [PDF])  # 无误 needs no local record
    answer_result(store)
    assert store.objections.get(CASE).state == NoticeState.ANSWERED
    assert store.verify_audit().ok


def test_malformed_and_unknown_cases_are_skipped_not_fatal(store: Store) -> None:
    result = feed(store, {"type": "notice", "case_id": "X"},
                  {"type": "case_closed", "case_id": "NOPE", "result": "maintained"})
    assert len(result.skipped) == 2
    assert store.objections.inbox() == []


def test_a_closed_notice_ignores_late_copies(store: Store) -> None:
    record_id = accepted(store)
    feed(store, notice(record_id))
    feed(store, {"type": "case_closed", "case_id": CASE, "record_id": record_id,
                 "result": "maintained"})
    feed(store, notice(record_id, content="迟到的副本"))
    view = store.objections.get(CASE)
    assert view.state == NoticeState.CLOSED and view.content != "迟到的副本"
    assert store.get(record_id).resolution == "maintained"


# --- evidence files --------

def test_evidence_is_checked_by_content_and_kept_by_hash(tmp_path: Path) -> None:
    folder = tmp_path / "attachments"
    pdf = tmp_path / "决定书.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    kept = add_evidence(folder, pdf)
    assert kept.media_type == "application/pdf" and (folder / kept.sha256).read_bytes() \
        == pdf.read_bytes()
    assert add_evidence(folder, pdf) == kept  # the same file twice: one copy
    fake = tmp_path / "照片.png"
    fake.write_bytes(b"MZ\x90\x00 not an image")
    with pytest.raises(EvidenceError, match="不是 PDF、JPEG 或 PNG"):
        add_evidence(folder, fake)
    big = tmp_path / "扫描件.pdf"
    with big.open("wb") as out:
        out.write(b"%PDF-")
        out.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(EvidenceError, match="不能超过 20 MB"):
        add_evidence(folder, big)
    with pytest.raises(EvidenceError, match="无法读取"):
        add_evidence(folder, tmp_path / "不存在.pdf")
    assert sorted(p.name for p in folder.iterdir()) == [kept.sha256]  # nothing half-written


def test_material_names_that_are_not_digests_never_reach_the_disk(store: Store,
                                                                  tmp_path: Path) -> None:
    feed(store, notice(accepted(store), materials=[
        {"sha256": "../../.bashrc", "name": "x.pdf"}, {"sha256": "AB" * 32, "name": "y.pdf"},
        {"sha256": "cd" * 32, "name": "复议决定书.pdf", "size": 2048}]))
    assert [m["name"] for m in store.objections.get(CASE).materials] == ["复议决定书.pdf"]
    assert store.objections.missing_materials(tmp_path) == ["cd" * 32]
    (tmp_path / ("cd" * 32)).write_bytes(b"%PDF-")
    assert store.objections.missing_materials(tmp_path) == []


# --- the 变更与撤销 view (art. 11) --------

def test_changes_list_with_reason_basis_deadline_and_status(store: Store,
                                                            clock: FixedClock) -> None:
    corrected, retracted = accepted(store), accepted(store, penalty_for_company() | {
        "CF_WSH": "阳市监罚〔2026〕77号"})
    store.start_correction(corrected, "罚款金额录入错误",
                           penalty_for_company() | {"CF_NR_FK": "0.3"})
    # The art. 11 deadline counts from the day the change starts: CF allows 7 working days.
    assert store.get(corrected).reporting_due == "2026-12-07"
    clock.advance(dt.timedelta(days=1))
    store.start_retraction(retracted, "决定已撤销", "阳市监撤〔2026〕1号")
    store.submit([retracted])
    changes = store.changes()
    assert [(c.record_id, c.kind, c.status) for c in changes] == [
        (retracted, "retraction", "queued"), (corrected, "correction", "editing")]
    assert (changes[0].legal_basis, changes[0].due) == ("阳市监撤〔2026〕1号", "2026-12-08")
    assert (changes[1].reason, changes[1].overdue) == ("罚款金额录入错误", False)
    op = store.claim_outbox()[0]
    store.outbox_result(op.idempotency_key, "submitted")
    assert store.changes()[0].status == "submitted"
    store.apply_review(str(op.revision_id), accepted=True)
    assert store.changes()[0].status_label == "已采纳"
    store.edit(corrected, penalty_for_company() | {"CF_NR_FK": "0.4"}, reason="再次核对")
    assert store.get(corrected).reporting_due == "2026-12-07"  # editing keeps the deadline
    clock.advance(dt.timedelta(days=12))  # 2026-12-09: the correction is late
    assert store.changes()[1].overdue
