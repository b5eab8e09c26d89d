"""The store on real databases (SQLite file, and PostgreSQL when reachable): records through
their whole lifecycle, the outbox, the audit chain, listing and search."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text, update

from tests.catalog.records import penalty_for_company, penalty_for_person
from ygclient.catalog import WorkCalendar
from ygclient.evidence import Evidence
from ygclient.store import (
    Event,
    FrozenRevisionError,
    OutboxOp,
    State,
    Store,
    StoreError,
    TransitionError,
    ValidationFailedError,
)
from ygclient.store.schema import audit, outbox, outbox_bodies, records, revisions

EVIDENCE = Evidence("ab" * 32, "复议决定书.pdf", 1024, "application/pdf")


def accepted(store: Store, raw: dict[str, Any] | None = None) -> str:
    """A record that went the whole way: created, queued, sent, accepted."""
    record_id = store.create("CF", raw or penalty_for_company()).record.id
    store.submit([record_id])
    op = store.claim_outbox()[0]
    store.outbox_result(op.idempotency_key, "accepted")
    return record_id


def audit_actions(store: Store, record_id: str) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(audit.c.action).where(audit.c.record_id == record_id)
                                 .order_by(audit.c.seq)).scalars())


# --- entering --------

def test_clean_record_is_ready_and_invalid_one_a_draft(store: Store) -> None:
    ready = store.create("CF", penalty_for_company())
    assert ready.record.state == State.READY and ready.issues == ()
    draft = store.create("CF", {"CF_WSH": "阳市监罚〔2026〕1号"})
    assert draft.record.state == State.DRAFT
    assert any(i.code == "required" for i in draft.issues)
    revision = store.current_revision(draft.record.id)
    assert revision.draft_input == {"CF_WSH": "阳市监罚〔2026〕1号"}
    assert revision.catalog_version == store.catalog.version


@pytest.mark.parametrize("count", [3, 500])  # below and above the helper thread's threshold
def test_bulk_create_writes_rows_audit_and_search_alike(store: Store, count: int) -> None:
    validator = store.validator("CF")
    raws = []
    for n in range(count):
        raw = penalty_for_company()
        raw["CF_WSH"] = f"阳市监罚〔2026〕{n + 1}号"
        raw["CF_XDR_MC"] = f"阳江市第{n + 1}号贸易有限公司"
        raws.append(raw)
    raws[1] = {"CF_WSH": "阳市监罚〔2026〕草稿号"}  # invalid: stored as a draft
    seq_before, _ = store.audit_head()
    ids = store.bulk_create("CF", [(raw, validator.validate(raw)) for raw in raws])
    assert len(ids) == len(set(ids)) == count and ids == sorted(ids)  # in the given order
    seq_after, _ = store.audit_head()
    assert seq_after == seq_before + count  # one entry per record, chained in order
    report = store.verify_audit()  # every digest matches its record and revision
    assert report.ok, report.problems
    for index in (0, count - 1):
        view = store.get(ids[index])
        assert view.state == State.READY and view.document_number == raws[index]["CF_WSH"]
        assert audit_actions(store, ids[index]) == ["import"]
        revision = store.current_revision(ids[index])
        assert revision.payload == validator.validate(raws[index]).normalized
    assert store.get(ids[1]).state == State.DRAFT
    assert store.current_revision(ids[1]).draft_input == raws[1]
    # Searchable at once: full text, and two characters through the bigram index.
    found = store.list_records(search=f"第{count}号贸易", limit=5).rows
    assert [v.id for v in found] == [ids[-1]]
    assert len(store.list_records(search="贸易", limit=count).rows) == count - 1


@pytest.mark.parametrize("stored", ['{"op":"create","payload":{"名称":"阳江\\"海\\""}}', "{}",
                                    ' { "op" : "retract" } ', '{ }'])
def test_an_operation_goes_on_the_wire_as_stored_with_its_key(stored: str) -> None:
    op = OutboxOp(1, "0193a3b4-1234-7abc-8def-0123456789ab", "create", None, None, stored, 1)
    wire = json.loads(op.wire_json())
    assert wire == json.loads(stored) | {"idempotency_key": op.idempotency_key}
    assert op.body == json.loads(stored)


def test_indexed_columns_and_deadlines(store: Store) -> None:
    view = store.create("CF", penalty_for_company()).record
    assert view.subject_name == "阳江市江城区海韵贸易有限公司"
    assert view.subject_code == "91441700MA4W12346H" and not view.subject_is_person
    assert view.document_number == "阳市监罚〔2026〕12号"
    assert view.decision_date == "2026-03-05"
    # 7 working days after Thu 2026-03-05: 6, 9, 10, 11, 12, 13, 16 March.
    assert (view.reporting_due, view.reporting_due_estimated) == ("2026-03-16", False)
    assert view.deadline == "overdue"  # today is 2026-11-26 in these tests
    assert view.disclosure_end == "2026-06-05"
    assert view.created_by == "clerk"


def test_due_soon_and_estimated_deadlines(store: Store) -> None:
    soon = store.create("CF", penalty_for_company() | {"CF_JDRQ": "2026-11-20",
                                                       "CF_YXQ": "2027-11-20",
                                                       "CF_GSJZQ": "2027-02-20"}).record
    # 7 working days after Fri 2026-11-20 is Tue 2026-12-01: within 3 working days of today.
    assert (soon.reporting_due, soon.deadline) == ("2026-12-01", "due_soon")
    late = store.create("CF", penalty_for_company() | {"CF_JDRQ": "2026-11-25",
                                                       "CF_YXQ": "2027-11-25",
                                                       "CF_GSJZQ": "2027-02-25"}).record
    assert (late.reporting_due, late.deadline) == ("2026-12-04", None)
    crossing = store.create("CF", penalty_for_company() | {"CF_JDRQ": "2026-12-24"})
    assert crossing.record.state == State.DRAFT  # decision date in the future
    assert crossing.record.reporting_due_estimated  # runs into 2027, not yet published


def test_person_subject_is_masked_in_lists(store: Store) -> None:
    view = store.create("CF", penalty_for_person()).record
    assert view.subject_is_person
    assert view.shown_subject_code() == "4417**********1231"
    assert view.to_json()["subject_code"] == "4417**********1231"
    assert view.to_json(unmask=True)["subject_code"] == "441702199506151231"


def test_edit_revalidates_and_moves_between_draft_and_ready(store: Store) -> None:
    record_id = store.create("CF", {"CF_WSH": "x"}).record.id
    result = store.edit(record_id, penalty_for_company())
    assert result.record.state == State.READY
    assert result.record.revision_number == 1  # never sent: edited in place
    result = store.edit(record_id, penalty_for_company() | {"CF_XDR_SHXYM": "bad"})
    assert result.record.state == State.DRAFT
    assert audit_actions(store, record_id) == ["create", "edit", "edit"]


def test_autosave_keeps_input_without_audit_or_state_change(store: Store) -> None:
    record_id = store.create("CF", {"CF_WSH": "x"}).record.id
    store.autosave(record_id, {"CF_WSH": "x", "CF_JDRQ": "2026-0"})
    assert store.current_revision(record_id).draft_input == {"CF_WSH": "x",
                                                             "CF_JDRQ": "2026-0"}
    assert store.get(record_id).state == State.DRAFT
    assert audit_actions(store, record_id) == ["create"]


def test_delete_only_unsent_drafts(store: Store) -> None:
    draft = store.create("CF", {"CF_WSH": "x"}).record.id
    store.delete_draft(draft)
    with pytest.raises(StoreError, match="找不到记录"):
        store.get(draft)
    sent = accepted(store)
    with pytest.raises(TransitionError, match="已采纳"):
        store.delete_draft(sent)
    assert store.verify_audit().ok


# --- submitting --------

def test_submit_writes_outbox_in_the_same_transaction(store: Store) -> None:
    record_id = store.create("CF", penalty_for_company()).record.id
    view = store.submit([record_id])[0]
    assert view.state == State.QUEUED
    with store.engine.connect() as conn:
        row = conn.execute(select(outbox, outbox_bodies.c.body).join(outbox_bodies)).one()
    body = json.loads(row.body)
    assert (row.op, row.state, row.record_id) == ("create", "pending", record_id)
    assert body["payload"]["CF_WSH"] == "阳市监罚〔2026〕12号"
    assert body["revision_id"] == view.current_revision_id
    assert body["catalog_version"] == store.catalog.version


def test_draft_cannot_be_submitted(store: Store) -> None:
    record_id = store.create("CF", {"CF_WSH": "x"}).record.id
    with pytest.raises(TransitionError) as err:
        store.submit([record_id])
    assert str(err.value).startswith("记录处于“草稿”状态，不能提交报送")
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(outbox)).scalar_one() == 0


def test_failed_submission_leaves_nothing_half_written(store: Store) -> None:
    good = store.create("CF", penalty_for_company()).record.id
    bad = store.create("CF", {"CF_WSH": "x"}).record.id
    with pytest.raises(TransitionError):
        store.submit([good, bad])
    assert store.get(good).state == State.READY  # the whole batch rolled back
    assert store.pending_operations() == 0


def test_submitting_freezes_the_revision_and_sending_is_the_outbox_state(store: Store) -> None:
    record_id = store.create("CF", penalty_for_company()).record.id
    store.submit([record_id])
    assert store.get(record_id).state == State.QUEUED
    assert store.current_revision(record_id).frozen_at is not None
    op = store.claim_outbox()[0]
    assert store.get(record_id).state == State.QUEUED  # on the wire: the outbox's state
    assert outbox_states(store) == ["sending"] and store.claim_outbox() == []
    with pytest.raises(FrozenRevisionError), store._write() as conn:
        conn.execute(update(revisions).where(revisions.c.id == op.revision_id)
                     .values(payload="{}"))
    store.outbox_failed(op.idempotency_key, "连接超时")
    assert store.get(record_id).state == State.QUEUED
    assert outbox_states(store) == ["pending"]
    again = store.claim_outbox()
    assert again[0].idempotency_key == op.idempotency_key and again[0].attempts == 2
    assert store.release_in_flight() == 1 and outbox_states(store) == ["pending"]
    with store.engine.connect() as conn:
        failures = conn.execute(select(audit.c.detail).where(
            audit.c.action == "send_failed")).scalars().all()
    assert [json.loads(d) for d in failures] == [
        {"operations": 1, "error": "连接超时"}, {"operations": 1, "error": "上次同步中断"}]
    assert audit_actions(store, record_id) == ["create", "queue"]
    assert store.verify_audit().ok


def test_a_submitted_revision_goes_only_with_a_record_that_never_left_the_queue(
        store: Store) -> None:
    """Rolling back an import removes records submitted but never sent; the database's guard
    lets a frozen revision go only while it is the current one of a record still queued."""
    validator = store.validator("CF")
    rows = [(raw, validator.validate(raw), n) for n, raw in enumerate(
        [penalty_for_company() | {"CF_WSH": f"阳市监罚〔2026〕{n}号"} for n in (1, 2)], start=2)]
    for sent in (False, True):
        batch = store.start_import(file_sha256=f"{int(sent)}" * 64, file_name="a.xlsx",
                                   item_code="CF", mode="valid-rows", rows_total=2)
        ids = store.import_rows(batch, "CF", rows, {"valid": 2}, queue=True)
        store.finish_import(batch)
        if not sent:
            assert store.rollback_import(batch) == 2
            assert store.pending_operations() == 0
            continue
        answered, _on_the_wire = store.claim_outbox(2)
        store.outbox_result(answered.idempotency_key, "submitted")
        with pytest.raises(TransitionError, match="已有 2 条记录报送过"):
            store.rollback_import(batch)  # one answered, one still queued but on the wire
    accepted_revision = store.get(ids[0]).current_revision_id
    with pytest.raises(FrozenRevisionError), store._write() as conn:
        conn.execute(delete(revisions).where(revisions.c.id == accepted_revision))
    assert store.verify_audit().ok


def test_claims_take_the_oldest_pending_operations_in_order(store: Store) -> None:
    ids = [store.create("CF", penalty_for_company() | {"CF_WSH": f"阳市监罚〔2026〕{n}号"})
           .record.id for n in range(1, 6)]
    store.submit(ids)
    first, second = store.claim_outbox(3), store.claim_outbox(3)
    assert [op.record_id for op in first + second] == ids
    assert [op.seq for op in first] == sorted(op.seq for op in first)
    assert len(second) == 2 and store.claim_outbox(3) == []


def test_a_record_left_sending_by_an_older_version_is_queued_again(store: Store) -> None:
    """Versions before 0007 marked the record itself "sending" during a push; a sync they left
    interrupted is released like any other, the record back in the queue (and audited)."""
    record_id = store.create("CF", penalty_for_company()).record.id
    store.submit([record_id])
    store.claim_outbox()
    with store._write() as conn:  # what the older version's claim wrote, chain and all
        before = store._digest(conn, record_id)
        conn.execute(update(records).where(records.c.id == record_id).values(
            state="sending", row_version=records.c.row_version + 1))
        store._audit(conn, [{"action": "send", "record_id": record_id, "before_sha256": before,
                             "after_sha256": store._digest(conn, record_id)}])
    assert store.get(record_id).state == State.SENDING and store.verify_audit().ok
    assert store.release_in_flight() == 1
    assert store.get(record_id).state == State.QUEUED
    assert audit_actions(store, record_id) == ["create", "queue", "send", "send_failed"]
    assert store.verify_audit().ok
    op = store.claim_outbox()[0]
    view = store.outbox_result(op.idempotency_key, "submitted")
    assert view is not None and view.state == State.SUBMITTED


def test_a_revision_queued_by_an_older_version_freezes_when_its_answer_comes(
        store: Store) -> None:
    """Versions before 0007 froze a revision at its first send, not when it was submitted:
    one they queued is frozen, audited, when the centre's answer is recorded."""
    from ygclient.store.store import _Change

    record_id = store.create("CF", penalty_for_company()).record.id
    store.edit(record_id, penalty_for_company())  # ready
    revision_id = store.get(record_id).current_revision_id
    with store._write() as conn:  # what the older version's submit wrote: no freezing
        store._enqueue(conn, [{"idempotency_key": "0193a4e0-0000-7000-8000-0000000000aa",
                               "op": "create", "record_id": record_id,
                               "revision_id": revision_id, "body": "{}"}])
        store._transition_many(conn, [_Change(record_id, Event.QUEUE, "queue",
                                              revision_id=revision_id)])
    assert store.current_revision(record_id).frozen_at is None
    op = store.claim_outbox()[0]
    store.outbox_result(op.idempotency_key, "rejected", [{"message": "文书号有误"}])
    assert store.current_revision(record_id).frozen_at is not None
    fixed = store.edit(record_id, penalty_for_company() | {"CF_WSH": "阳市监罚〔2026〕13号"})
    assert fixed.record.revision_number == 2  # the sent revision stays as it was
    assert store.verify_audit().ok


def outbox_states(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(outbox.c.state).order_by(outbox.c.seq)).scalars())


def test_review_results(store: Store) -> None:
    record_id = store.create("CF", penalty_for_company()).record.id
    store.submit([record_id])
    op = store.claim_outbox()[0]
    delivered = store.outbox_result(op.idempotency_key, "submitted")
    assert delivered is not None and delivered.state == State.SUBMITTED
    reasons = [{"field": "CF_WSH", "code": "duplicate", "message": "文书号与已公示记录重复"}]
    view = store.apply_review(op.revision_id or "", accepted=False, reasons=reasons)
    assert view.state == State.REJECTED
    assert view.server_reasons == tuple(reasons)


def test_rejected_record_is_fixed_in_a_new_revision_and_sent_again(store: Store) -> None:
    record_id = store.create("CF", penalty_for_company()).record.id
    store.submit([record_id])
    op = store.claim_outbox()[0]
    store.outbox_result(op.idempotency_key, "rejected", [{"message": "文书号有误"}])
    fixed = store.edit(record_id, penalty_for_company() | {"CF_WSH": "阳市监罚〔2026〕13号"})
    assert fixed.record.state == State.REJECTED
    assert fixed.record.revision_number == 2
    history = store.revision_history(record_id)
    assert [r.frozen_at is not None for r in history] == [True, False]
    assert history[0].payload["CF_WSH"] == "阳市监罚〔2026〕12号"  # the sent one never changed
    store.submit([record_id])
    second = store.claim_outbox()[0]
    assert second.idempotency_key != op.idempotency_key
    assert second.body["revision_number"] == 2
    store.outbox_result(second.idempotency_key, "accepted")
    view = store.get(record_id)
    assert view.state == State.ACCEPTED and view.accepted_revision_id == second.revision_id
    assert view.server_reasons == ()


def test_answers_given_with_the_claimed_operations_are_recorded_as_by_key(store: Store) -> None:
    """The sync hands back what claim_outbox gave; an operation that is no longer in the
    queue as claimed refuses the whole batch, and nothing of it is written."""
    ids = [store.create("CF", penalty_for_company() | {"CF_WSH": f"阳市监罚〔2026〕{n}号"})
           .record.id for n in (31, 32, 33)]
    store.submit(ids)
    first, second, third = store.claim_outbox(3)
    stale = dataclasses.replace(third, seq=third.seq + 1000)
    with pytest.raises(StoreError, match="1 个待发送操作已不在队列中"):
        store.outbox_results([(first, "accepted", []), (stale, "accepted", [])])
    assert [store.get(i).state for i in ids] == [State.QUEUED] * 3
    assert outbox_states(store) == ["sending"] * 3
    reasons = [{"field": "CF_WSH", "code": "duplicate", "message": "文书号与已公示记录重复"}]
    assert store.outbox_results([(first, "accepted", []), (second, "rejected", reasons),
                                 (third.idempotency_key, "submitted", [])]) == ids
    assert [store.get(i).state for i in ids] == [State.ACCEPTED, State.REJECTED,
                                                 State.SUBMITTED]
    assert store.get(ids[1]).server_reasons == tuple(reasons)
    assert outbox_states(store) == ["done"] * 3
    assert store.verify_audit().ok


# --- art. 11: corrections and retractions --------

def test_correction_names_the_revision_it_replaces(store: Store) -> None:
    record_id = accepted(store)
    first = store.get(record_id).accepted_revision_id
    with pytest.raises(ValidationFailedError, match="原因"):
        store.start_correction(record_id, "  ")
    started = store.start_correction(record_id, "文书号录入错误")
    assert started.record.state == State.CORRECTION
    store.edit(record_id, penalty_for_company() | {"CF_WSH": "阳市监罚〔2026〕13号"})
    store.submit([record_id])
    op = store.claim_outbox()[0]
    assert op.op == "correct"
    assert op.body["replaces_revision_id"] == first
    assert op.body["reason"] == "文书号录入错误"
    store.outbox_result(op.idempotency_key, "accepted")
    view = store.get(record_id)
    assert (view.state, view.document_number) == (State.ACCEPTED, "阳市监罚〔2026〕13号")
    assert [r.kind for r in store.revision_history(record_id)] == ["create", "correction"]


def test_cancelled_correction_restores_the_accepted_revision(store: Store) -> None:
    record_id = accepted(store)
    store.start_correction(record_id, "试改")
    store.edit(record_id, penalty_for_company() | {"CF_WSH": "临时"})
    view = store.cancel(record_id)
    assert view.state == State.ACCEPTED
    assert view.document_number == "阳市监罚〔2026〕12号"
    assert len(store.revision_history(record_id)) == 1


def test_retraction_needs_reason_and_legal_basis(store: Store) -> None:
    record_id = accepted(store)
    with pytest.raises(ValidationFailedError, match="撤销须填写法律依据"):
        store.start_retraction(record_id, "决定已被复议撤销", " ")
    view = store.start_retraction(record_id, "决定已被复议撤销", "《行政复议法》第六十四条")
    assert view.state == State.RETRACTION
    store.submit([record_id])
    op = store.claim_outbox()[0]
    assert (op.op, op.body["legal_basis"]) == ("retract", "《行政复议法》第六十四条")
    store.outbox_result(op.idempotency_key, "accepted")
    assert store.get(record_id).state == State.RETRACTED
    assert store.verify_audit().ok


def test_rejected_retraction_leaves_the_record_accepted(store: Store) -> None:
    record_id = accepted(store)
    before = store.get(record_id).accepted_revision_id
    store.start_retraction(record_id, "误报", "依据")
    store.submit([record_id])
    op = store.claim_outbox()[0]
    view = store.outbox_result(op.idempotency_key, "rejected", [{"message": "依据不足"}])
    assert view is not None and view.state == State.ACCEPTED
    assert view.current_revision_id == before


# --- art. 23-27 and art. 18 --------

def test_objection_case_and_end_of_disclosure(store: Store) -> None:
    record_id = accepted(store)
    notice = {"type": "notice", "case_id": "YY2026-0001", "record_id": record_id,
              "item": "CF", "subject_name": "某公司", "content": "信息错误", "materials": [],
              "sent_on": "2026-11-26", "days": 10}
    store.apply_feed([notice], "1")
    assert store.get(record_id).state == State.UNDER_OBJECTION
    store.objections.confirm("YY2026-0001", "处罚决定合法有效", [EVIDENCE])
    op = store.claim_outbox()[0]
    assert op.record_id is None and op.body["answer"] == "confirm"
    store.outbox_result(op.idempotency_key, "submitted")
    assert store.get(record_id).state == State.ANSWERED
    store.apply_feed([{"type": "case_closed", "case_id": "YY2026-0001", "record_id": record_id,
                       "result": "maintained"}], "2")
    resolved = store.get(record_id)
    assert (resolved.state, resolved.resolution) == (State.RESOLVED, "maintained")
    assert store.end_disclosure(record_id).state == State.DISCLOSURE_ENDED
    with pytest.raises(TransitionError, match="公示期满"):
        store.start_correction(record_id, "太晚了")
    assert audit_actions(store, record_id)[-4:] == [
        "objection_notice", "objection_answered", "objection_resolved", "disclosure_ended"]
    assert store.verify_audit().ok


# --- lists and search --------

def fill(store: Store) -> dict[str, str]:
    ids = {
        "company": store.create("CF", penalty_for_company()).record.id,
        "person": store.create("CF", penalty_for_person()).record.id,
        "draft": store.create("CF", {"CF_XDR_MC": "阳春市百货贸易商行", "CF_WSH": "春罚〔2026〕7号"}
                              ).record.id,
    }
    ids["accepted"] = accepted(store, penalty_for_company() | {
        "CF_XDR_MC": "阳西县海产品加工厂", "CF_WSH": "西罚〔2026〕3号"})
    return ids


@pytest.mark.parametrize(("query", "expected"), [
    ("海韵贸易", {"company"}),          # 4 characters: trigram index
    ("贸易", {"company", "draft"}),     # 2 characters: plain scan
    ("阳江", {"company"}),
    ("梅", {"person"}),                 # 1 character: plain scan
    ("ma", {"company", "accepted"}),   # 2 characters: bigram index, any case
    ("〔2", {"company", "person", "draft", "accepted"}),  # punctuation: plain scan
    ("MA4W1", {"company", "accepted"}),
    ("ma4w1", {"company", "accepted"}),
    ("19950615", {"person"}),           # part of an ID number
    ("〔2026〕7", {"draft"}),
    ("西罚", {"accepted"}),
    ("100%", set()),
    ("不存在的公司", set()),
])
def test_substring_search(store: Store, query: str, expected: set[str]) -> None:
    ids = fill(store)
    found = {r.id for r in store.list_records(search=query).rows}
    assert found == {ids[k] for k in expected}


def test_bigrams_never_span_separators() -> None:
    from ygclient.store.db import bigrams

    assert bigrams("阳江市 MA4W\n〔2026〕12号") == "阳江 江市 ma a4 4w 20 02 26 12 2号"
    assert bigrams(None) == bigrams("") == bigrams("阳") == ""


def test_filters_and_keyset_pages(store: Store) -> None:
    ids = fill(store)
    assert {r.id for r in store.list_records(states=[State.DRAFT]).rows} == {ids["draft"]}
    assert {r.id for r in store.list_records(states=[State.ACCEPTED]).rows} == {ids["accepted"]}
    assert len(store.list_records(item="CF").rows) == 4
    assert store.list_records(item="XK").rows == ()
    assert {r.id for r in store.list_records(overdue=True).rows} == {
        ids["company"], ids["person"]}
    seen: list[str] = []
    page = store.list_records(limit=3)
    seen += [r.id for r in page.rows]
    assert page.next_cursor is not None
    page = store.list_records(limit=3, before=page.next_cursor)
    seen += [r.id for r in page.rows]
    assert page.next_cursor is None
    assert len(seen) == len(set(seen)) == 4
    assert seen[0] == ids["accepted"]  # newest first
    counts = store.counts_by_state()
    assert counts[State.READY] == 2 and counts[State.ACCEPTED] == 1


def test_search_results_page_too(store: Store) -> None:
    for n in range(7):
        store.create("CF", penalty_for_company() | {"CF_WSH": f"阳市监罚〔2026〕{100 + n}号"})
    first = store.list_records(search="阳市监罚", limit=4)
    second = store.list_records(search="阳市监罚", limit=4, before=first.next_cursor)
    numbers = [r.document_number for r in first.rows + second.rows]
    assert len(numbers) == 7 and len(set(numbers)) == 7
    assert second.next_cursor is None


# --- audit chain --------

def test_audit_chain_verifies_and_head_moves(store: Store) -> None:
    seq0, hash0 = store.audit_head()
    fill(store)
    seq1, hash1 = store.audit_head()
    assert seq1 > seq0 and hash1 != hash0
    report = store.verify_audit()
    assert report.ok, report.problems
    assert report.entries == seq1 and report.records == 4


def test_audit_log_is_append_only(store: Store) -> None:
    fill(store)
    with pytest.raises(StoreError, match="只能追加"), store._write() as conn:
        conn.execute(update(audit).values(actor="someone else"))
    with pytest.raises(StoreError, match="只能追加"), store._write() as conn:
        conn.execute(text("DELETE FROM audit"))


def test_record_changed_behind_the_programs_back_is_caught(store: Store) -> None:
    ids = fill(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE records SET subject_name = '伪造公司' WHERE id = :id"),
                     {"id": ids["company"]})
    report = store.verify_audit()
    assert not report.ok
    assert ids["company"] in report.problems[0] and "不符" in report.problems[0]


def test_unmasking_and_export_are_audited(store: Store) -> None:
    store.audit_event("unmask", reason="核对身份证号", detail={"records": 1})
    with store.engine.connect() as conn:
        row = conn.execute(select(audit).order_by(audit.c.seq.desc()).limit(1)).one()
    assert (row.action, row.actor, row.reason) == ("unmask", "clerk", "核对身份证号")
    assert store.verify_audit().ok


# --- calendars and catalogs change --------

def test_published_calendar_recomputes_deadlines(store: Store) -> None:
    record_id = store.create("CF", penalty_for_company() | {
        "CF_JDRQ": "2026-11-26", "CF_YXQ": "2027-11-26", "CF_GSJZQ": "2027-03-01"}).record.id
    assert store.get(record_id).reporting_due == "2026-12-07"
    data = WorkCalendar.bundled().to_dict()
    years: dict[str, Any] = data["years"]  # type: ignore[assignment]
    years["2026"] = dict(years["2026"]) | {"holidays": [*years["2026"]["holidays"], "2026-12-01"]}
    store.calendar = WorkCalendar.from_dict(data)
    assert store.recompute_deadlines() >= 1
    assert store.get(record_id).reporting_due == "2026-12-08"


def test_new_catalog_reports_dropped_answers_and_newly_required_fields(store: Store) -> None:
    from tests.catalog.test_loader import demo_json, field_of, item_of
    from ygclient.catalog import parse_catalog

    record_id = store.create("CF", penalty_for_company() | {"BZ": "旧备注"}).record.id
    data = demo_json()
    data["version"] = "2027.01"
    cf = item_of(data, "CF")
    cf["fields"] = [f for f in cf["fields"] if f["name"] != "BZ"]
    field_of(data, "CF", "CF_XDR_GSZC").setdefault("constraints", {})["required"] = True
    new = parse_catalog(data)
    plan = store.plan_catalog_change(new)
    assert [(p.record_id, p.dropped, p.newly_required) for p in plan] == [
        (record_id, ("BZ",), ("CF_XDR_GSZC",))]
    assert store.current_revision(record_id).payload["BZ"] == "旧备注"  # nothing changed yet
    store.apply_catalog_change(new)
    view = store.get(record_id)
    assert (view.catalog_version, view.state) == ("2027.01", State.DRAFT)
    assert "BZ" not in store.current_revision(record_id).payload
    assert store.verify_audit().ok


def test_feed_is_applied_with_its_cursor_and_odd_events_are_skipped(store: Store) -> None:
    record_id = store.create("CF", penalty_for_company()).record.id
    store.submit([record_id])
    op = store.claim_outbox()[0]
    store.outbox_result(op.idempotency_key, "submitted")
    result = store.apply_feed([
        {"seq": 1, "type": "review", "record_id": record_id, "revision_id": op.revision_id,
         "result": "accepted", "reasons": []},
        {"seq": 2, "type": "review", "record_id": "no-such-record", "revision_id": "x",
         "result": "accepted"},
        {"seq": 3, "type": "something_new"},
        {"seq": 4, "type": "disclosure_ended", "record_id": record_id},
        {"seq": 5, "type": "disclosure_ended", "record_id": record_id},
    ], "5")
    assert (result.reviews_accepted, result.applied) == (1, 5)
    assert len(result.skipped) == 3  # unknown record, unknown type, a second end of disclosure
    assert store.get(record_id).state == State.DISCLOSURE_ENDED
    assert store.feed_cursor() == "5"
    assert store.verify_audit().ok


def test_the_feed_does_not_review_a_record_whose_delivery_is_not_recorded(store: Store) -> None:
    """The answer to a queued operation was lost: the record is still queued, and only that
    answer (sent again as a duplicate) may move it, not a review from the feed."""
    record_id = store.create("CF", penalty_for_company()).record.id
    store.submit([record_id])
    op = store.claim_outbox()[0]
    result = store.apply_feed([
        {"seq": 1, "type": "review", "record_id": record_id, "revision_id": op.revision_id,
         "result": "rejected", "reasons": [{"message": "文书号重复"}]}], "1")
    assert result.reviews_rejected == 0 and len(result.skipped) == 1
    assert "排队待发送" in result.skipped[0]
    view = store.outbox_result(op.idempotency_key, "submitted")
    assert view is not None and view.state == State.SUBMITTED


@pytest.mark.parametrize("order", ["subject", "due", "document", "updated"])
@pytest.mark.parametrize("descending", [True, False])
def test_sorted_keyset_pages_cover_every_record_once(store: Store, order: str,
                                                     descending: bool) -> None:
    names = ["乙公司", "甲公司", "丙公司", "甲公司", "丁公司"]
    for n, name in enumerate(names):
        store.create("CF", penalty_for_company() | {
            "CF_XDR_MC": name, "CF_WSH": f"阳市监罚〔2026〕{50 - n}号",
            "CF_JDRQ": f"2026-0{n + 1}-05", "CF_YXQ": "2026-12-05", "CF_GSJZQ": "2026-11-05"})
    seen, before = [], None
    while True:
        page = store.list_records(order=order, descending=descending, before=before, limit=2)
        seen += list(page.rows)
        if page.next_cursor is None:
            break
        before = page.next_cursor
    assert len({r.id for r in seen}) == len(names) == len(seen)
    key = {"subject": "subject_name", "due": "reporting_due", "document": "document_number",
           "updated": "updated_at"}[order]
    values = [getattr(r, key) or "" for r in seen]
    assert values == sorted(values, reverse=descending)


def test_a_change_made_between_two_edits_is_caught(store: Store) -> None:
    """Tampering followed by a legitimate edit must not be laundered by that edit."""
    record_id = store.create("CF", penalty_for_company()).record.id
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE records SET subject_name = '改过' WHERE id = :id"),
                     {"id": record_id})
    store.edit(record_id, penalty_for_company() | {"BZ": "后来的正常修改"})
    report = store.verify_audit()
    assert not report.ok
    assert "之间被改动过" in report.problems[0]


@pytest.mark.parametrize("descending", [True, False])
def test_several_states_page_in_creation_order(store: Store, descending: bool) -> None:
    # Several states take the per-state merge path; pages must still interleave the states
    # in creation order, with nothing lost or repeated across page boundaries.
    ids = fill(store)
    states = [State.DRAFT, State.READY, State.ACCEPTED, State.QUEUED]
    everything = store.list_records(limit=100, descending=descending).rows
    expected = [r.id for r in everything if r.state in states]
    assert len({r.state for r in everything if r.state in states}) > 1
    seen: list[str] = []
    cursor = None
    while True:
        page = store.list_records(states=states, limit=1, before=cursor,
                                  descending=descending)
        seen += [r.id for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == expected
    assert set(seen) <= set(ids.values())
