"""The records, audit and backup commands, on a real SQLite file in the test's data folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests import dbfile
from tests.catalog.records import penalty_for_company, penalty_for_person
from ygclient.cli import main
from ygclient.store import db


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--user", "张三", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def new(capsys: pytest.CaptureFixture[str], tmp_path: Path, record: dict[str, Any]) -> str:
    code, out, _ = run(capsys, "records", "new", "--item", "CF", "--json",
                       write(tmp_path / "new.json", record))
    assert code == 0
    return str(json.loads(out)["id"])


def test_new_list_show_and_masking(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    company = new(capsys, tmp_path, penalty_for_company())
    person = new(capsys, tmp_path, penalty_for_person())
    code, out, _ = run(capsys, "records", "list")
    assert code == 0
    assert "4417**********1231" in out and "441702199506151231" not in out
    assert company in out and person in out
    code, out, _ = run(capsys, "records", "list", "--json", "--search", "海韵")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [company]
    assert {"id", "item", "state", "revision", "subject_name", "subject_code"} <= set(rows[0])
    code, out, _ = run(capsys, "records", "show", person)
    assert "证件号码：4417**********1231" in out and "441702199506151231" not in out
    assert "第 1 版 新增" in out and "张三" in out


def test_unmask_is_audited(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                           data_dir: Path) -> None:
    new(capsys, tmp_path, penalty_for_person())
    code, out, _ = run(capsys, "records", "list", "--unmask", "--unmask-reason", "核对身份")
    assert code == 0 and "441702199506151231" in out
    conn = dbfile.connect(data_dir / "ygclient.sqlite3")
    try:
        row = conn.execute("SELECT action, actor, reason FROM audit ORDER BY seq DESC").fetchone()
    finally:
        conn.close()
    assert row == ("unmask", "张三", "核对身份")


def test_new_with_errors_is_a_draft_and_says_why(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    code, out, err = run(capsys, "records", "new", "--item", "CF",
                         write(tmp_path / "r.json", [penalty_for_company(), {"CF_WSH": "1"}]))
    assert code == 0
    assert len(out.split()) == 2  # two ids
    assert "第 2 条记录错误：「行政相对人名称」为必填项" in err
    assert "1 条草稿" in err


def test_edit_submit_and_verify(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    record_id = new(capsys, tmp_path, {"CF_WSH": "1"})
    code, out, _ = run(capsys, "records", "submit", record_id)
    assert code == 1  # a draft cannot be submitted
    code, out, _ = run(capsys, "records", "edit", record_id,
                       write(tmp_path / "e.json", penalty_for_company()), "--json")
    assert code == 0 and json.loads(out)["state"] == "ready"
    code, out, _ = run(capsys, "records", "submit", "--all-ready")
    assert code == 0 and "已提交 1 条" in out
    code, out, _ = run(capsys, "records", "list", "--state", "queued", "--json")
    assert [r["id"] for r in json.loads(out)] == [record_id]
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and "审计链完整" in out


def test_tampering_is_reported_with_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           data_dir: Path) -> None:
    record_id = new(capsys, tmp_path, penalty_for_company())
    conn = dbfile.connect(data_dir / "ygclient.sqlite3")
    try:
        conn.execute("UPDATE records SET subject_name = '改过的名称' WHERE id = ?", (record_id,))
        conn.commit()
    finally:
        conn.close()
    code, _, err = run(capsys, "audit", "verify")
    assert code == 1
    assert "审计核验未通过" in err and record_id in err


def test_retract_needs_a_legal_basis(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    record_id = new(capsys, tmp_path, penalty_for_company())
    code, _, err = run(capsys, "records", "retract", record_id, "--reason", "误报")
    assert code == 2 and "--basis" in err
    code, _, err = run(capsys, "records", "retract", record_id, "--reason", "误报",
                       "--basis", "阳市监撤〔2026〕1号")
    assert code == 1 and "不能发起撤销" in err  # not accepted yet


def test_backup_and_bad_ids(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    new(capsys, tmp_path, penalty_for_company())
    target = tmp_path / "backup.sqlite3"
    code, _, err = run(capsys, "backup", str(target))  # no terminal to ask the passphrase in
    assert code == 2 and "--passphrase-env" in err and not target.exists()
    monkeypatch.setenv("BACKUP_PASS", "备份口令 2026")
    code, out, _ = run(capsys, "backup", str(target), "--passphrase-env", "BACKUP_PASS")
    assert code == 0 and target.is_file() and "ygclient restore" in out
    assert not db.is_plain_sqlite(target)
    conn = db.raw_connect(target, passphrase="备份口令 2026")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM records").fetchone() == (1,)
    finally:
        conn.close()
    code, _, err = run(capsys, "backup", str(target))
    assert code == 2 and "已存在" in err
    code, _, err = run(capsys, "records", "show", "no-such-id")
    assert code == 2 and "找不到记录" in err
    assert "Traceback" not in err


def test_restore_from_a_backup_on_a_new_machine(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    record_id = new(capsys, tmp_path, penalty_for_person())
    target = tmp_path / "usb" / "backup.ygbak"
    monkeypatch.setenv("BACKUP_PASS", "备份口令 2026")
    assert run(capsys, "backup", str(target), "--passphrase-env", "BACKUP_PASS")[0] == 0
    new_machine = str(tmp_path / "new-machine")

    monkeypatch.setenv("WRONG_PASS", "另一个口令 2026")
    code, _, err = run(capsys, "--data-dir", new_machine, "restore", str(target),
                       "--passphrase-env", "WRONG_PASS")
    assert code == 2 and "口令不对" in err
    code, out, err = run(capsys, "--data-dir", new_machine, "restore", str(target),
                         "--passphrase-env", "BACKUP_PASS")
    assert code == 0, err
    assert "1 条记录" in out
    code, out, _ = run(capsys, "--data-dir", new_machine, "records", "list", "--json")
    assert [r["id"] for r in json.loads(out)] == [record_id]

    # The original folder holds a record: restoring over it needs --force, and keeps it.
    code, _, err = run(capsys, "restore", str(target), "--passphrase-env", "BACKUP_PASS")
    assert code == 2 and "--force" in err
    code, out, _ = run(capsys, "restore", str(target), "--passphrase-env", "BACKUP_PASS",
                       "--force")
    assert code == 0 and "被替换的数据库保留在" in out
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0


def test_unmask_needs_a_reason(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    person = new(capsys, tmp_path, penalty_for_person())
    code, out, err = run(capsys, "records", "show", person, "--unmask")
    assert code == 2 and "--reason" in err and "441702199506151231" not in out
    code, out, _ = run(capsys, "records", "show", person, "--unmask", "--reason", "核对身份")
    assert code == 0 and "441702199506151231" in out


def test_show_tells_a_submitted_revision_from_a_sent_one(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    record = new(capsys, tmp_path, penalty_for_company())
    _, out, _ = run(capsys, "records", "show", record)
    assert "第 1 版 新增" in out and "未报送" in out
    code, _, _ = run(capsys, "records", "submit", record)
    assert code == 0
    _, out, _ = run(capsys, "records", "show", record)
    assert "待发送" in out and "已报送" not in out  # frozen, but still in the queue
    _, out, _ = run(capsys, "records", "show", record, "--json")
    assert json.loads(out)["revisions"][0]["sent"] is False
