"""``ygcentral admin objection …``: the credit centre's side of objection cases, in-process."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.catalog.records import penalty_for_company
from ygcentral.cli import main
from ygcentral.service import Central, Principal
from ygclient.clock import FixedClock

AGENCY = "114417000070012332"
DEMO = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "yangjiang-demo.json"
WHO = Principal(1, AGENCY, "clerk", "device-0001")
LIST_FIELDS = {"case", "record", "agency", "state", "filed_on", "stage", "stage_due",
               "due_estimated", "overdue", "sent_on", "days", "extension", "result"}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    clock = FixedClock(dt.date(2026, 11, 26))
    monkeypatch.setattr("ygcentral.service.SYSTEM_CLOCK", clock)
    return clock


@pytest.fixture
def central_dir(tmp_path: Path, clock: FixedClock) -> Iterator[Path]:
    """A central database with one agency, the demo catalog and an accepted record r1."""
    folder = tmp_path / "central"
    central = Central.open(f"sqlite:///{folder / 'ygcentral.sqlite3'}")
    try:
        central.create_agency(AGENCY, "阳江市市场监督管理局")
        central.publish_catalog(DEMO.read_bytes())
        central.submit(WHO, {"operations": [{
            "idempotency_key": "k1", "op": "create", "record_id": "r1", "revision_id": "r1-v1",
            "revision_number": 1, "item": "CF", "catalog_version": "2026.11-demo",
            "payload": penalty_for_company()}]})
        central.review("r1", accept=True)
    finally:
        central.close()
    yield folder


def objection(capsys: pytest.CaptureFixture[str], central_dir: Path,
              *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(central_dir), "admin", "objection", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], central_dir: Path,
           *flags: str) -> list[dict[str, Any]]:
    code, out, _ = objection(capsys, central_dir, "list", "--json", *flags)
    assert code == 0
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def extension_request(central_dir: Path, case: str) -> None:
    central = Central.open(f"sqlite:///{central_dir / 'ygcentral.sqlite3'}")
    try:
        [result] = central.submit(WHO, {"operations": [{
            "idempotency_key": "e1", "op": "answer", "case_id": case, "record_id": "r1",
            "answer": "extend", "reason": "情况复杂"}]})["results"]
        assert result["status"] == "accepted"
    finally:
        central.close()


def test_a_case_through_the_command_line(capsys: pytest.CaptureFixture[str], central_dir: Path,
                                         tmp_path: Path, clock: FixedClock) -> None:
    material = tmp_path / "复议决定书.pdf"
    material.write_bytes(b"%PDF-1.4\n")
    code, out, _ = objection(capsys, central_dir, "file", "--record", "r1", "--content",
                             "处罚决定已被复议撤销", "--applicant", "海韵贸易",
                             "--material", str(material), "--refer")
    assert code == 0
    assert "已登记异议 YY2026-0001" in out
    assert "期限 2026-12-10" in out and "10 个工作日" in out
    [row] = listed(capsys, central_dir)
    assert set(row) >= LIST_FIELDS
    assert {k: row[k] for k in LIST_FIELDS} == {
        "case": "YY2026-0001", "record": "r1", "agency": AGENCY, "state": "referred",
        "filed_on": "2026-11-26", "stage": "provider", "stage_due": "2026-12-10",
        "due_estimated": False, "overdue": False, "sent_on": "2026-11-26", "days": 10,
        "extension": None, "result": None}
    assert row["materials"][0]["name"] == "复议决定书.pdf"

    code, _, err = objection(capsys, central_dir, "extension", "YY2026-0001", "--grant")
    assert code == 1 and "没有待决定的延期申请" in err
    extension_request(central_dir, "YY2026-0001")
    code, _, err = objection(capsys, central_dir, "extension", "YY2026-0001", "--deny")
    assert code == 2 and "说明理由" in err
    code, out, _ = objection(capsys, central_dir, "extension", "YY2026-0001", "--grant",
                             "--note", "同意")
    assert code == 0 and "20 个工作日" in out and "期限 2026-12-24" in out
    assert listed(capsys, central_dir)[0]["days"] == 20

    clock.advance(dt.timedelta(days=29))  # 2026-12-25, past the extended deadline
    code, out, _ = objection(capsys, central_dir, "list")
    assert code == 0
    assert "YY2026-0001  已超期 提供单位核查反馈（20 个工作日，已延期）  期限 2026-12-24" in out
    assert "共 1 件" in out

    code, out, _ = objection(capsys, central_dir, "close", "YY2026-0001", "--result",
                             "maintained", "--note", "单位逾期未反馈，维持原状")
    assert code == 0 and "已办结：维持原状" in out
    assert listed(capsys, central_dir) == []
    [closed] = listed(capsys, central_dir, "--all")
    assert (closed["state"], closed["result"], closed["closed_on"]) == (
        "closed", "maintained", "2026-12-25")
    code, _, err = objection(capsys, central_dir, "close", "YY2026-0001", "--result", "revoked")
    assert code == 1 and "已办结" in err


def test_accept_materials_and_the_estimated_mark(capsys: pytest.CaptureFixture[str],
                                                 central_dir: Path, clock: FixedClock) -> None:
    clock.advance(dt.timedelta(days=28))  # 2026-12-24
    assert objection(capsys, central_dir, "file", "--record", "r1", "--content", "异议")[0] == 0
    code, out, _ = objection(capsys, central_dir, "request-materials", "YY2026-0001", "--note",
                             "请补充身份证明")
    assert code == 0 and "补正材料" in out
    code, _, err = objection(capsys, central_dir, "request-materials", "YY2026-0001", "--note",
                             "再补一份")
    assert code == 1 and "一次性告知" in err
    code, out, _ = objection(capsys, central_dir, "list")
    assert "等待申请人补正材料  期限 —" in out
    assert objection(capsys, central_dir, "accept", "YY2026-0001")[0] == 0
    code, out, _ = objection(capsys, central_dir, "refer", "YY2026-0001")
    assert code == 0 and "期限 2027-01-08（预计）" in out
    [row] = listed(capsys, central_dir)
    assert (row["stage_due"], row["due_estimated"], row["accepted_on"]) == (
        "2027-01-08", True, "2026-12-24")


def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], central_dir: Path,
                           tmp_path: Path) -> None:
    code, _, err = objection(capsys, central_dir, "file", "--record", "nope", "--content", "x")
    assert code == 2 and "没有记录 nope" in err
    text = tmp_path / "说明.pdf"
    text.write_text("不是 PDF", encoding="utf-8")
    code, _, err = objection(capsys, central_dir, "file", "--record", "r1", "--content", "x",
                             "--material", str(text))
    assert code == 2 and "说明.pdf" in err and "PDF、JPEG 或 PNG" in err
    code, _, err = objection(capsys, central_dir, "file", "--record", "r1", "--content", "x",
                             "--material", str(tmp_path / "missing.png"))
    assert code == 2 and "无法读取" in err
    code, _, err = objection(capsys, central_dir, "accept", "YY2026-9999")
    assert code == 2 and "没有案件 YY2026-9999" in err
    assert listed(capsys, central_dir, "--all") == []  # nothing was filed
    for argv in (["close", "YY2026-0001", "--result", "dismissed"],
                 ["request-materials", "YY2026-0001"],
                 ["extension", "YY2026-0001", "--grant", "--deny"],
                 ["file", "--content", "x"]):
        with pytest.raises(SystemExit) as exit_:
            main(["--data-dir", str(central_dir), "admin", "objection", *argv])
        assert exit_.value.code == 2
        assert "Traceback" not in capsys.readouterr().err
