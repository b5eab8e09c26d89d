"""Objection cases at the centre (art. 23–27): life cycle, deadlines, answers, feed, files."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from tests.catalog.records import penalty_for_company
from ygcentral.app import create_app
from ygcentral.service import Central, Principal, ProblemError, Refused
from ygclient.clock import FixedClock
from ygclient.evidence import MAX_OPINION_CHARS, EvidenceError

AGENCY = "114417000070012332"
OTHER = "114417000070012345"
DEMO = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "yangjiang-demo.json"
PDF = "%PDF-1.4\n% 复议决定书\n".encode()
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
WHO = Principal(1, AGENCY, "clerk", "device-0001")
THEM = Principal(2, OTHER, "clerk", "device-0002")
NOTICE_KEYS = {"seq", "type", "at", "case_id", "record_id", "revision_id", "item",
               "subject_name", "document_number", "content", "materials", "sent_on", "days",
               "due", "due_estimated", "extension", "extension_note", "state"}


@pytest.fixture(params=["sqlite", "postgresql"])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    url = (f"sqlite:///{tmp_path / 'central.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    # The demo record is valid on 2026-11-26; each test moves the clock where it needs it.
    service = Central.open(url, clock=FixedClock(dt.date(2026, 11, 26)))
    service.create_agency(AGENCY, "阳江市市场监督管理局")
    service.create_agency(OTHER, "阳江市交通运输局")
    service.publish_catalog(DEMO.read_bytes())
    try:
        yield service
    finally:
        service.close()


def on(central: Central, day: str) -> FixedClock:
    clock = FixedClock(dt.date.fromisoformat(day))
    central.clock = clock
    return clock


def publish(central: Central, record: str, who: Principal = WHO) -> str:
    """A record accepted by the centre; its revision id."""
    result = central.submit(who, {"operations": [create(record)]})["results"][0]
    assert result["status"] == "accepted", result
    assert central.review(record, accept=True) == "accepted"
    return f"{record}-v1"


def create(record: str) -> dict[str, Any]:
    return {"idempotency_key": f"create-{record}", "op": "create", "record_id": record,
            "revision_id": f"{record}-v1", "revision_number": 1, "item": "CF",
            "catalog_version": "2026.11-demo", "payload": penalty_for_company()}


def upload(central: Central, data: bytes, who: Principal = WHO) -> str:
    sha = hashlib.sha256(data).hexdigest()
    central.put_attachment(who, sha, data)
    return sha


def answer(case: str, record: str, key: str, **members: Any) -> dict[str, Any]:
    return {"idempotency_key": key, "op": "answer", "case_id": case, "record_id": record,
            **members}


def confirm(case: str, record: str, key: str = "a1", opinion: str = "经核查，处罚决定合法有效",
            attachments: list[str] | None = None) -> dict[str, Any]:
    return answer(case, record, key, answer="confirm", opinion=opinion,
                  attachments=attachments if attachments is not None else [])


def extend(case: str, record: str, key: str = "e1",
           reason: str = "涉及复议，情况复杂") -> dict[str, Any]:
    return answer(case, record, key, answer="extend", reason=reason)


def push(central: Central, *ops: dict[str, Any], who: Principal = WHO) -> list[dict[str, Any]]:
    return list(central.submit(who, {"operations": list(ops)})["results"])


def referred(central: Central, record: str = "r1", day: str = "2026-11-26") -> str:
    """A published record, an objection to it and the notice sent on ``day``."""
    publish(central, record)
    on(central, day)
    case = central.file_objection(record, "处罚决定已被复议撤销，仍在公示", applicant="海韵贸易",
                                  materials=[("复议决定书.pdf", PDF)])
    central.refer_case(case)
    return case


def events(central: Central, who: Principal = WHO, kind: str | None = None) -> list[dict[str, Any]]:
    found = central.feed(who, None, 1000)["events"]
    return [e for e in found if kind is None or e["type"] == kind]


def body(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in ("seq", "type", "at")}


# --- the life cycle ----------------------------------------------------------------------------

def test_a_case_from_filing_to_closing(central: Central) -> None:
    revision = publish(central, "r1")
    clock = on(central, "2026-11-26")  # a Thursday
    case = central.file_objection("r1", "处罚决定已被复议撤销，仍在公示", applicant="海韵贸易",
                                  materials=[("复议决定书.pdf", PDF)])
    assert case == "YY2026-0001"
    [filed] = central.list_cases()
    assert {k: filed[k] for k in (
        "case", "record", "agency", "state", "filed_on", "stage", "stage_due", "due_estimated",
        "overdue", "sent_on", "days", "extension", "result")} == {
        "case": case, "record": "r1", "agency": AGENCY, "state": "filed",
        "filed_on": "2026-11-26", "stage": "accept", "stage_due": "2026-12-01",
        "due_estimated": False, "overdue": False, "sent_on": None, "days": None,
        "extension": None, "result": None}
    assert filed["materials"] == [{"sha256": hashlib.sha256(PDF).hexdigest(),
                                   "name": "复议决定书.pdf", "size": len(PDF),
                                   "media_type": "application/pdf"}]

    central.request_materials(case, "请补充复议决定书原件扫描件")
    with pytest.raises(Refused, match="一次性告知"):
        central.request_materials(case, "再补一份")
    assert central.case(case)["stage"] == "materials"
    assert central.case(case)["stage_due"] is None  # waiting for the applicant
    clock.advance(dt.timedelta(days=1))
    central.accept_case(case)
    accepted = central.case(case)
    assert (accepted["state"], accepted["stage"], accepted["accepted_on"],
            accepted["stage_due"]) == ("accepted", "verify", "2026-11-27", "2026-12-02")
    assert events(central, kind="notice") == []  # nothing reaches the provider yet

    clock.advance(dt.timedelta(days=1))  # Saturday 2026-11-28
    notice = central.refer_case(case)
    [event] = events(central, kind="notice")
    assert set(event) == NOTICE_KEYS
    assert body(event) == notice
    assert notice == {
        "case_id": case, "record_id": "r1", "revision_id": revision, "item": "CF",
        "subject_name": "阳江市江城区海韵贸易有限公司", "document_number": "阳市监罚〔2026〕12号",
        "content": "处罚决定已被复议撤销，仍在公示", "materials": filed["materials"],
        "sent_on": "2026-11-28", "days": 10, "due": "2026-12-11", "due_estimated": False,
        "extension": None, "extension_note": None, "state": "referred"}
    with pytest.raises(Refused, match="已发核查通知"):
        central.accept_case(case)

    evidence = upload(central, PNG)
    clock.advance(dt.timedelta(days=3))
    [result] = push(central, confirm(case, "r1", attachments=[evidence]))
    assert result == {"idempotency_key": "a1", "status": "accepted", "case_id": case,
                      "record_id": "r1", "case_state": "answered"}
    answered = central.case(case)
    assert (answered["stage"], answered["answered_on"], answered["stage_due"]) == (
        "reply", "2026-12-01", "2026-12-04")
    assert answered["answer"] | {"at": None} == {
        "kind": "confirm", "opinion": "经核查，处罚决定合法有效", "attachments": [evidence],
        "revision_id": None, "at": None}

    central.close_case(case, "maintained", "已告知申请人：信息与来源一致，维持原状")
    [closed] = events(central, kind="case_closed")
    assert {k: v for k, v in closed.items() if k not in ("seq", "at")} == {
        "type": "case_closed", "case_id": case, "record_id": "r1", "result": "maintained",
        "note": "已告知申请人：信息与来源一致，维持原状", "closed_on": "2026-12-01"}
    assert central.list_cases() == []
    [shown] = central.list_cases(include_closed=True)
    assert (shown["state"], shown["stage"], shown["result"], shown["stage_due"],
            shown["overdue"]) == ("closed", "closed", "maintained", None, False)
    with pytest.raises(Refused, match="已办结"):
        central.close_case(case, "corrected")
    assert [e["type"] for e in events(central, THEM)] == ["catalog_published"]


def test_the_centre_corrects_its_own_error_without_a_notice(central: Central) -> None:
    publish(central, "r1")
    case = central.file_objection("r1", "中心录入时把文书号写错了")
    central.accept_case(case)
    central.close_case(case, "corrected", "系统操作差错，已由市信用中心更正")
    assert central.case(case)["result"] == "corrected"
    assert events(central, kind="notice") == events(central, kind="case_closed") == []


def test_case_numbers_run_per_year_of_filing(central: Central) -> None:
    publish(central, "r1")
    on(central, "2026-12-30")
    assert [central.file_objection("r1", f"异议 {i}") for i in range(2)] == [
        "YY2026-0001", "YY2026-0002"]
    on(central, "2027-01-04")
    assert central.file_objection("r1", "异议") == "YY2027-0001"


def test_two_admins_filing_at_once_get_distinct_numbers(central: Central) -> None:
    """Numbers are max + 1 per year: on PostgreSQL two filers in parallel must take turns."""
    publish(central, "r1")
    start = threading.Barrier(4)
    numbers: list[str] = []
    failures: list[BaseException] = []

    def file() -> None:
        start.wait()
        for i in range(5):
            try:
                numbers.append(central.file_objection("r1", f"异议 {i}"))
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                failures.append(exc)

    threads = [threading.Thread(target=file) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[0]
    assert sorted(numbers) == [f"YY2026-{n:04d}" for n in range(1, 21)]


def test_filing_checks_the_record_and_the_materials(central: Central, tmp_path: Path) -> None:
    publish(central, "r1")
    with pytest.raises(ValueError, match="没有记录 nope"):
        central.file_objection("nope", "异议")
    with pytest.raises(ValueError, match="不能为空"):
        central.file_objection("r1", "  ")
    text = tmp_path / "说明.pdf"
    text.write_text("not really a pdf", encoding="utf-8")
    with pytest.raises(EvidenceError, match="说明.pdf"):
        central.file_objection("r1", "异议", materials=[text])
    with pytest.raises(EvidenceError, match="无法读取"):
        central.file_objection("r1", "异议", materials=[tmp_path / "missing.pdf"])
    real = tmp_path / "判决书.pdf"
    real.write_bytes(PDF)
    case = central.file_objection("r1", "异议", materials=[real, ("copy.pdf", PDF)])
    assert [m["name"] for m in central.case(case)["materials"]] == ["判决书.pdf"]
    assert central.list_cases()[0]["case"] == case  # the refused filings left no case behind


def test_admin_acts_refused_out_of_turn(central: Central) -> None:
    publish(central, "r1")
    case = central.file_objection("r1", "异议")
    with pytest.raises(ValueError, match="没有案件 YY2026-9999"):
        central.accept_case("YY2026-9999")
    with pytest.raises(Refused, match="没有待决定的延期申请"):
        central.decide_extension(case, grant=True)
    with pytest.raises(ValueError, match="办结结果"):
        central.close_case(case, "dismissed")
    central.refer_case(case)
    with pytest.raises(Refused):
        central.refer_case(case)
    with pytest.raises(Refused):
        central.request_materials(case, "材料")


# --- deadlines (working days from the day after, art. 24–27) ------------------------------------

@pytest.mark.parametrize(("sent", "due", "estimated"), [
    ("2026-11-26", "2026-12-10", False),
    # 国庆 2026: 10-01..10-07 off (10-03/04 a weekend), Saturday 10-10 worked: 9-30, 10-08,
    # 10-09, 10-10, 10-12 … 10-16, 10-19.
    ("2026-09-29", "2026-10-19", False),
    ("2026-12-24", "2027-01-08", True),  # 2027 has no official schedule yet
])
def test_the_provider_answers_within_10_working_days(central: Central, sent: str, due: str,
                                                     estimated: bool) -> None:
    case = referred(central, day=sent)
    [notice] = events(central, kind="notice")
    assert (notice["sent_on"], notice["days"], notice["due"], notice["due_estimated"]) == (
        sent, 10, due, estimated)
    shown = central.case(case)
    assert (shown["stage"], shown["stage_due"], shown["due_estimated"]) == (
        "provider", due, estimated)


def test_overdue_the_day_after_the_due_date(central: Central) -> None:
    case = referred(central, day="2026-11-26")
    clock = on(central, "2026-12-10")
    assert central.case(case)["overdue"] is False
    clock.advance(dt.timedelta(days=1))
    assert central.case(case)["overdue"] is True


def test_the_list_puts_the_most_urgent_first(central: Central) -> None:
    publish(central, "r1")
    on(central, "2026-11-02")
    late = central.file_objection("r1", "逾期未受理")  # accept by 11-05
    on(central, "2026-11-20")
    waiting = central.file_objection("r1", "待补正")
    central.request_materials(waiting, "身份证明")
    referred_case = central.file_objection("r1", "已发通知")  # answer by 12-04
    central.refer_case(referred_case)
    on(central, "2026-11-25")
    fresh = central.file_objection("r1", "新登记")  # accept by 11-30
    closed = central.file_objection("r1", "已办结")
    central.close_case(closed, "maintained")
    listed = central.list_cases()
    assert [c["case"] for c in listed] == [late, fresh, referred_case, waiting]
    assert [c["overdue"] for c in listed] == [True, False, False, False]
    assert [c["case"] for c in central.list_cases(include_closed=True)][-1] == closed


def test_the_catalog_calendar_decides_the_count(central: Central) -> None:
    raw = json.loads(DEMO.read_text(encoding="utf-8"))
    calendar: dict[str, Any] = {"format": "ygclient.workdays", "version": 1,
                                "generated": "2026-11-30", "years": {"2027": {
                                    "authoritative": True,
                                    "holidays": ["2027-01-01", "2027-01-04"],
                                    "workdays": ["2027-01-09"]}}}
    raw |= {"version": "2027.01", "calendar": calendar}
    case = referred(central, day="2026-12-24")
    central.publish_catalog(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    # 12-25, 28, 29, 30, 31, 01-05, 06, 07, 08, Saturday 01-09.
    shown = central.case(case)
    assert (shown["stage_due"], shown["due_estimated"]) == ("2027-01-09", False)


# --- answers -------------------------------------------------------------------------------------

def test_confirm_needs_an_opinion_and_uploaded_evidence(central: Central) -> None:
    case = referred(central)
    evidence = upload(central, PDF)
    absent = hashlib.sha256(b"%PDF-never uploaded").hexdigest()
    results = push(central,
                   confirm(case, "r1", "k1", opinion="x" * (MAX_OPINION_CHARS + 1),
                           attachments=[evidence]),
                   confirm(case, "r1", "k2", opinion="  ", attachments=[evidence]),
                   confirm(case, "r1", "k3", attachments=[]),
                   confirm(case, "r1", "k4", attachments=[evidence, absent]),
                   answer(case, "r1", "k5", answer="confirm", opinion="无证明"))
    assert [r["status"] for r in results] == ["rejected"] * 5
    assert [[i["code"] for i in r["issues"]] for r in results] == [
        ["opinion_too_long"], ["opinion_missing"], ["evidence_missing"],
        ["evidence_not_uploaded"], ["evidence_missing"]]
    assert all(i["field"] is None and i["severity"] == "error" and i["message"]
               for r in results for i in r["issues"])
    assert absent[:12] in results[3]["issues"][0]["message"]
    assert {r["case_state"] for r in results} == {"referred"}
    [ok] = push(central, confirm(case, "r1", "k6", opinion="y" * MAX_OPINION_CHARS,
                                 attachments=[evidence.upper()]))
    assert (ok["status"], ok["case_state"]) == ("accepted", "answered")
    [again] = push(central, confirm(case, "r1", "k6", opinion="y" * MAX_OPINION_CHARS,
                                    attachments=[evidence.upper()]))
    assert again == {"idempotency_key": "k6", "status": "duplicate", "original": ok}
    [late] = push(central, confirm(case, "r1", "k7", attachments=[evidence]))
    assert (late["status"], late["case_state"]) == ("conflict", "answered")
    assert "已答复" in late["message"]


def test_malformed_answers(central: Central) -> None:
    case = referred(central)
    results = push(central, answer(case, "r1", "m1", answer="maybe"),
                   answer(case, "r1", "m2"),
                   answer(case, "r1", "m3", answer="confirm", opinion="x", attachments="abc"))
    assert [(r["status"], r["code"]) for r in results] == [("error", "malformed")] * 3


def test_an_extension_once_and_in_time(central: Central) -> None:
    case = referred(central, day="2026-09-29")  # due 2026-10-19
    [no_reason, first, second] = push(central, extend(case, "r1", "e0", reason=" "),
                                      extend(case, "r1", "e1"), extend(case, "r1", "e2"))
    assert [i["code"] for i in no_reason["issues"]] == ["extension_reason_missing"]
    assert first == {"idempotency_key": "e1", "status": "accepted", "case_id": case,
                     "record_id": "r1", "case_state": "referred", "extension": "requested"}
    assert [i["code"] for i in second["issues"]] == ["extension_used"]
    assert central.case(case)["extension_reason"] == "涉及复议，情况复杂"
    assert len(events(central, kind="notice")) == 1  # a request changes nothing yet

    notice = central.decide_extension(case, grant=True, note="同意延期")
    assert (notice["days"], notice["due"], notice["extension"], notice["extension_note"],
            notice["state"]) == (20, "2026-11-02", "granted", "同意延期", "referred")
    assert body(events(central, kind="notice")[-1]) == notice
    assert central.case(case)["stage_due"] == "2026-11-02"
    with pytest.raises(Refused):
        central.decide_extension(case, grant=False, note="重复决定")


def test_an_extension_refused_keeps_10_days(central: Central) -> None:
    case = referred(central, day="2026-11-26")
    push(central, extend(case, "r1"))
    with pytest.raises(ValueError, match="说明理由"):
        central.decide_extension(case, grant=False)
    notice = central.decide_extension(case, grant=False, note="情况并不复杂")
    assert (notice["days"], notice["due"], notice["extension"], notice["extension_note"]) == (
        10, "2026-12-10", "denied", "情况并不复杂")
    assert len(events(central, kind="notice")) == 2


def test_no_extension_after_the_10_days(central: Central) -> None:
    case = referred(central, day="2026-11-26")
    clock = on(central, "2026-12-10")  # the last day still counts
    clock.advance(dt.timedelta(days=1))
    [late] = push(central, extend(case, "r1"))
    assert (late["status"], [i["code"] for i in late["issues"]]) == (
        "rejected", ["extension_too_late"])
    on(central, "2026-12-10")
    assert push(central, extend(case, "r1", "e2"))[0]["status"] == "accepted"


def test_auto_review_grants_an_extension_on_arrival(central: Central) -> None:
    case = referred(central, day="2026-12-24")
    central.auto_review = True
    [result] = push(central, extend(case, "r1"))
    assert (result["status"], result["case_state"], result["extension"]) == (
        "accepted", "referred", "granted")
    first, updated = events(central, kind="notice")
    assert (first["days"], first["due"], first["extension"]) == (10, "2027-01-08", None)
    assert set(updated) == NOTICE_KEYS
    assert (updated["case_id"], updated["days"], updated["due"], updated["due_estimated"],
            updated["extension"], updated["state"]) == (
        case, 20, "2027-01-22", True, "granted", "referred")


def test_answers_only_for_the_agency_and_record_notified(central: Central) -> None:
    case = referred(central)
    publish(central, "theirs", THEM)
    publish(central, "r2")
    evidence = upload(central, PDF, THEM)
    [stranger] = push(central, confirm(case, "r1", "s1", attachments=[evidence]), who=THEM)
    [wrong_record] = push(central, confirm(case, "r2", "s2", attachments=[evidence]))
    [unknown] = push(central, confirm("YY2026-0999", "r1", "s3", attachments=[evidence]))
    for result in (stranger, wrong_record, unknown):
        assert result["status"] == "conflict"
        assert "case_state" not in result  # another agency's case is not disclosed
    assert central.case(case)["state"] == "referred"
    unreferred = central.file_objection("r2", "尚未转交")
    [early] = push(central, extend(unreferred, "r2", "s4"))
    assert (early["status"], early["case_state"]) == ("conflict", "filed")


def test_answer_on_a_closed_case_is_a_conflict(central: Central) -> None:
    case = referred(central)
    central.close_case(case, "maintained", "单位逾期未反馈，维持")
    evidence = upload(central, PDF)
    results = push(central, confirm(case, "r1", attachments=[evidence]), extend(case, "r1"))
    assert [(r["status"], r["case_state"]) for r in results] == [("conflict", "closed")] * 2
    assert all("已办结" in r["message"] for r in results)


def correct(record: str, case: str | None, key: str = "c1", **extra: Any) -> dict[str, Any]:
    op = {"idempotency_key": key, "op": "correct", "record_id": record,
          "revision_id": f"{record}-v2", "revision_number": 2,
          "replaces_revision_id": f"{record}-v1", "item": "CF",
          "catalog_version": "2026.11-demo",
          "payload": penalty_for_company() | {"CF_NR": "警告。"}, "reason": "核查有误，更正"}
    if case is not None:
        op["case_id"] = case
    return op | extra


def test_a_correction_answers_the_notice(central: Central) -> None:
    case = referred(central)
    [rejected] = push(central, correct("r1", case, "c0", payload={}, revision_id="r1-v2x"))
    assert (rejected["status"], rejected["case_state"]) == ("rejected", "referred")
    [result] = push(central, correct("r1", case))
    assert (result["status"], result["record_state"], result["case_id"],
            result["case_state"]) == ("accepted", "submitted", case, "answered")
    shown = central.case(case)
    assert shown["state"] == "answered" and shown["answer"]["kind"] == "correct"
    assert shown["answer"]["revision_id"] == "r1-v2"


def test_a_retraction_answers_the_notice(central: Central) -> None:
    case = referred(central)
    central.auto_review = True
    retract = {"idempotency_key": "t1", "op": "retract", "record_id": "r1",
               "revision_id": "r1-v2", "revision_number": 2, "replaces_revision_id": "r1-v1",
               "item": "CF", "catalog_version": "2026.11-demo", "payload": {},
               "reason": "处罚决定已被复议撤销", "legal_basis": "《行政复议法》第六十四条",
               "case_id": case}
    [result] = push(central, retract)
    assert (result["status"], result["case_state"]) == ("accepted", "answered")
    assert central.case(case)["answer"] | {"at": None} == {
        "kind": "revoke", "revision_id": "r1-v2", "reason": "处罚决定已被复议撤销",
        "legal_basis": "《行政复议法》第六十四条", "at": None}
    assert [r["state"] for r in central.list_records(AGENCY)] == ["retracted"]


def test_a_correction_naming_a_case_not_awaiting_it_is_a_conflict(central: Central) -> None:
    publish(central, "r1")
    case = central.file_objection("r1", "尚未转交")
    [early] = push(central, correct("r1", case))
    assert (early["status"], early["case_state"]) == ("conflict", "filed")
    [unknown] = push(central, correct("r1", "YY2026-0404", "c2"))
    assert unknown["status"] == "conflict"
    [plain] = push(central, correct("r1", None, "c3"))  # no case: an ordinary 变更
    assert plain["status"] == "accepted" and "case_id" not in plain
    assert central.case(case)["state"] == "filed"


def test_batches_without_cases_cost_no_extra_queries(central: Central) -> None:
    def statements(ops: list[dict[str, Any]]) -> int:
        count = 0

        def counter(*_: Any) -> None:
            nonlocal count
            count += 1

        event.listen(central.engine, "before_cursor_execute", counter)
        try:
            push(central, *ops)
        finally:
            event.remove(central.engine, "before_cursor_execute", counter)
        return count

    few = statements([create(f"a{i}") for i in range(2)])
    many = statements([create(f"b{i}") for i in range(200)])
    assert few == many


# --- files over HTTP ---------------------------------------------------------------------------

def test_materials_are_served_to_the_agency_they_were_referred_to(central: Central) -> None:
    publish(central, "r1")
    on(central, "2026-11-26")
    mine = upload(central, PNG)
    case = central.file_objection("r1", "异议", materials=[("复议决定书.pdf", PDF)])
    material = hashlib.sha256(PDF).hexdigest()
    app = create_app(central)

    async def run() -> dict[str, Any]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://central") as http:
            async def login(agency: str) -> dict[str, str]:
                answer = await http.post("/api/v1/session/login", json={
                    "agency": agency, "user": "clerk", "password": "correct horse battery",
                    "device": f"device-{agency}"})
                assert answer.status_code == 200, answer.text
                return {"Authorization": f"Bearer {answer.json()['access_token']}"}

            us, them = await login(AGENCY), await login(OTHER)
            url = "/api/v1/attachments/"
            seen: dict[str, Any] = {
                "own": await http.get(url + mine, headers=us),
                "own_upper": await http.get(url + mine.upper(), headers=us),
                "theirs": await http.get(url + mine, headers=them),
                "head_theirs": await http.head(url + mine, headers=them),
                "before": await http.get(url + material, headers=us),
                "anonymous": await http.get(url + mine),
                "unknown": await http.get(url + "0" * 64, headers=us),
                "junk": await http.get(url + "%25%27", headers=us),
            }
            central.refer_case(case)
            seen["after"] = await http.get(url + material, headers=us)
            pushed = await http.post("/api/v1/operations", headers=us, json={"operations": [
                extend(case, "r1")]})
            seen["answer"] = pushed.json()["results"][0]
            seen["after_theirs"] = await http.get(url + material, headers=them)
            return seen

    central.create_user(AGENCY, "clerk", "correct horse battery")
    central.create_user(OTHER, "clerk", "correct horse battery")
    seen = asyncio.run(run())
    own = seen["own"]
    assert (own.status_code, own.content, own.headers["content-type"], own.headers["etag"]) == (
        200, PNG, "image/png", f'"{mine}"')
    assert seen["own_upper"].status_code == 200
    assert seen["head_theirs"].status_code == 200  # HEAD answers "the centre has it" to all
    for name in ("theirs", "before", "unknown", "junk", "after_theirs"):
        response = seen[name]
        assert response.status_code == 404, name
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "attachment-not-found"
    assert seen["anonymous"].status_code == 401
    after = seen["after"]
    assert (after.status_code, after.content, after.headers["content-type"]) == (
        200, PDF, "application/pdf")
    # The answer's result keeps its case members through the response model.
    assert {k: v for k, v in seen["answer"].items() if v is not None} == {
        "idempotency_key": "e1", "status": "accepted", "case_id": case, "record_id": "r1",
        "case_state": "referred", "extension": "requested"}


def test_get_attachment_in_the_service(central: Central) -> None:
    sha = upload(central, PDF, THEM)
    assert central.get_attachment(THEM, sha) == (PDF, "application/pdf")
    with pytest.raises(ProblemError) as err:
        central.get_attachment(WHO, sha)
    assert err.value.status == 404
