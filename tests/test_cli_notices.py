"""``ygclient notices``: list, show and answer verification notices on a real SQLite file.

The notice arrives the way the sync engine hands it over (Store.apply_feed); the CLI runs
in-process with the system clock, so dates are computed from today rather than fixed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.catalog.records import penalty_for_company
from tests.test_cli_records import run, write
from ygclient.catalog import WorkCalendar, bundled_catalog
from ygclient.clock import SYSTEM_CLOCK
from ygclient.evidence import read_evidence
from ygclient.store import State, Store, keys

CASE = "YY2026-0042"


@pytest.fixture
def record_id(data_dir: Path) -> str:
    """An accepted record with a notice about it, sent today."""
    with Store.open(data_dir, bundled_catalog(), actor="张三") as store:
        record = store.create("CF", penalty_for_company()).record.id
        store.submit([record])
        store.outbox_result(store.claim_outbox()[0].idempotency_key, "accepted")
        store.apply_feed([{
            "type": "notice", "case_id": CASE, "record_id": record, "item": "CF",
            "subject_name": "阳江市海韵贸易有限公司", "document_number": "阳市监罚〔2026〕12号",
            "content": "罚款金额有误", "materials": [], "days": 10,
            "sent_on": SYSTEM_CLOCK.today().isoformat()}], "1")
    return record


def notices(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, "notices", "list", "--json", "--all")
    assert code == 0
    return list(json.loads(out))


def test_list_shows_the_due_date_in_working_days(capsys: pytest.CaptureFixture[str],
                                                 record_id: str) -> None:
    today = SYSTEM_CLOCK.today()
    due = WorkCalendar.bundled().add_working_days(today, 10)
    [row] = notices(capsys)
    assert {k: row[k] for k in ("case", "record", "received", "due", "estimated", "state")} == {
        "case": CASE, "record": record_id, "received": today.isoformat(),
        "due": due.date.isoformat(), "estimated": due.estimated, "state": "open"}
    assert row["days_left"] == 10
    code, out, _ = run(capsys, "notices", "list")
    assert code == 0 and CASE in out and "待答复" in out and "10 个工作日" in out
    code, out, _ = run(capsys, "notices", "show", CASE)
    assert code == 0 and "异议内容：罚款金额有误" in out


def test_confirm_with_evidence_and_opinion(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           data_dir: Path, record_id: str) -> None:
    pdf = tmp_path / "复议决定书.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"0" * 200)
    code, out, err = run(capsys, "notices", "answer", CASE, "--confirm", "--evidence", str(pdf),
                         "--opinion", "处罚决定合法有效，见复议决定书")
    assert code == 0, err
    assert "无误答复" in out
    [row] = notices(capsys)
    assert row["state"] == "answering" and row["answer_kind"] == "confirm"
    assert row["answer"]["evidence"][0]["name"] == "复议决定书.pdf"
    sha = row["answer"]["evidence"][0]["sha256"]
    # Kept encrypted with the data key, named by the plaintext's SHA-256.
    kept = (data_dir / "attachments" / sha).read_bytes()
    assert kept != pdf.read_bytes() and b"%PDF" not in kept
    key = keys.database_key(data_dir)
    assert read_evidence(data_dir / "attachments", sha, key) == pdf.read_bytes()


@pytest.mark.parametrize(("argv", "message"), [
    (["--confirm", "--opinion", "无误"], "--evidence"),
    (["--confirm", "--evidence", "EVIDENCE"], "--opinion"),
    (["--confirm", "--evidence", "NOT_A_PDF", "--opinion", "无误"], "不是 PDF、JPEG 或 PNG"),
    (["--confirm", "--evidence", "EVIDENCE", "--opinion", "意" * 501], "最多 500 个字"),
    (["--extend"], "--reason"),
    (["--revoke", "--reason", "已撤销"], "--basis"),
    (["--correct", "FIXED"], "--reason"),
    (["--extend", "--reason", "复杂", "--basis", "某条"], "--basis 不适用"),
])
def test_incomplete_answers_are_refused_and_nothing_is_queued(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, record_id: str, argv: list[str],
        message: str) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 ok")
    exe = tmp_path / "b.pdf"
    exe.write_bytes(b"MZ\x90\x00")
    fixed = write(tmp_path / "fixed.json", penalty_for_company())
    argv = [{"EVIDENCE": str(pdf), "NOT_A_PDF": str(exe), "FIXED": fixed}.get(a, a)
            for a in argv]
    code, _, err = run(capsys, "notices", "answer", CASE, *argv)
    assert code in (1, 2) and message in err
    assert "Traceback" not in err
    [row] = notices(capsys)
    assert row["state"] == "open" and row["extension"] is None


def test_correct_queues_the_linked_correction(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path, data_dir: Path,
                                              record_id: str) -> None:
    fixed = write(tmp_path / "fixed.json", penalty_for_company() | {
        "CF_NR_FK": "0.3", "CF_NR": "警告，并处罚款3000元。"})
    code, out, err = run(capsys, "notices", "answer", CASE, "--correct", fixed,
                         "--reason", "罚款金额录入错误")
    assert code == 0, err
    assert "已提交更正" in out
    with Store.open(data_dir, bundled_catalog(), actor="张三") as store:
        assert store.get(record_id).state == State.QUEUED
        [op] = store.claim_outbox()
        assert (op.op, op.body["case_id"]) == ("correct", CASE)
    assert notices(capsys)[0]["state"] == "answering"


def test_extend_then_revoke(capsys: pytest.CaptureFixture[str], record_id: str) -> None:
    code, _, err = run(capsys, "notices", "answer", CASE, "--extend", "--reason", "需调取卷宗")
    assert code == 0, err
    assert notices(capsys)[0]["extension"] == "queued"
    code, _, err = run(capsys, "notices", "answer", CASE, "--extend", "--reason", "再次")
    assert code == 1 and "只能申请一次" in err
    code, _, err = run(capsys, "notices", "answer", CASE, "--revoke", "--reason", "决定已撤销",
                       "--basis", "阳市监撤〔2026〕1号")
    assert code == 0, err
    assert notices(capsys)[0]["answer_kind"] == "revoke"


def test_unknown_case(capsys: pytest.CaptureFixture[str], record_id: str) -> None:
    code, _, err = run(capsys, "notices", "show", "YY2099-0001")
    assert code == 2 and "没有核查通知 YY2099-0001" in err


def test_records_changes_lists_the_revocation(capsys: pytest.CaptureFixture[str],
                                              record_id: str) -> None:
    run(capsys, "notices", "answer", CASE, "--revoke", "--reason", "决定已撤销",
        "--basis", "阳市监撤〔2026〕1号")
    code, out, _ = run(capsys, "records", "changes", "--json")
    [change] = json.loads(out)
    assert code == 0
    assert (change["kind"], change["status"], change["case"], change["legal_basis"]) == (
        "retraction", "queued", CASE, "阳市监撤〔2026〕1号")
    code, out, _ = run(capsys, "records", "changes")
    assert code == 0 and "撤销" in out and "待发送" in out
