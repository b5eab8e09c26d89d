"""`ygclient import`: JSON and text output, exit codes, reports, dry runs, modes, queue, the same
file twice and rollback — on a real SQLite file in the test's data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.sheets.books import (
    CF_KEYS,
    cli,
    company,
    files,
    payloads,
    person,
    record_count,
    row_of,
    write_book,
    write_records,
)
from ygclient.store import State, Store


def mixed(tmp_path: Path) -> Path:
    """Five rows: rows 3 and 5 have errors."""
    return write_records(tmp_path / "mixed.xlsx", [
        company(1), company(2, CF_XDR_LB="外星人"), person(3), company(4, CF_JDRQ="明天"),
        company(5)])


def test_json_output_with_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 store: Store) -> None:
    path = mixed(tmp_path)
    code, out, err = cli(capsys, "import", str(path), "--json")
    assert code == 1 and err == ""
    data = json.loads(out)
    assert {k: data[k] for k in ("rows", "valid", "invalid", "imported", "duplicates")} == {
        "rows": 5, "valid": 3, "invalid": 2, "imported": 0, "duplicates": 0}
    assert data["item"] == "CF" and data["mode"] == "all-or-nothing"
    assert [(e["row"], e["field"], e["code"]) for e in data["errors"]] == [
        (3, "CF_XDR_LB", "code"), (5, "CF_JDRQ", "date")]
    assert all({"row", "field", "code", "message"} <= set(e) for e in data["errors"])
    assert "外星人" in data["errors"][0]["message"]
    report = tmp_path / "mixed-错误报告.xlsx"
    assert data["report"] == str(report) and report.is_file()
    assert record_count(store) == 0


def test_json_output_of_a_clean_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     store: Store) -> None:
    path = write_records(tmp_path / "clean.xlsx", [company(1), person(2)])
    code, out, err = cli(capsys, "import", str(path), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert (data["rows"], data["valid"], data["imported"], data["errors"], data["report"]) == (
        2, 2, 2, [], None)
    assert data["batch_id"] and data["already_imported"] is None
    assert files(tmp_path) == {"clean.xlsx"}  # no report when nothing failed
    assert {v.created_by for v in store.list_records().rows} == {"张三"}


def test_text_output_and_the_report_option(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    path = mixed(tmp_path)
    report = tmp_path / "out" / "报告.xlsx"
    code, out, err = cli(capsys, "import", str(path), "--report", str(report))
    assert code == 1
    assert "共 5 行，无误 3 行，有错 2 行，重复 0 行；已保存 0 条" in out
    assert "一条都没有保存" in out and f"错误报告：{report}" in out
    assert "第 3 行：「行政相对人类别」“外星人”不在代码表中" in err
    assert "第 5 行：「处罚决定日期」" in err
    assert report.is_file() and files(tmp_path) == {"mixed.xlsx"}
    code, _, err = cli(capsys, "import", str(path), "--report", str(tmp_path / "r.csv"))
    assert code == 2 and ".xlsx" in err


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                store: Store) -> None:
    path = write_records(tmp_path / "clean.xlsx", [company(1), person(2)])
    head = store.audit_head()
    code, out, _ = cli(capsys, "import", str(path), "--dry-run")
    assert code == 0
    assert "检查 clean.xlsx" in out and "无误 2 行" in out and "已保存 0 条" in out
    code, out, _ = cli(capsys, "import", str(path), "--dry-run", "--json")
    assert code == 0 and json.loads(out)["dry_run"] is True
    assert record_count(store) == 0 and store.audit_head() == head
    assert files(tmp_path) == {"clean.xlsx"}


def test_valid_rows_with_queue(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               store: Store) -> None:
    code, out, _ = cli(capsys, "import", str(mixed(tmp_path)), "--mode", "valid-rows",
                       "--queue", "--json")
    assert code == 1  # some rows failed
    data = json.loads(out)
    assert (data["imported"], data["invalid"], data["mode"]) == (3, 2, "valid-rows")
    assert {v.state for v in store.list_records().rows} == {State.QUEUED}
    assert store.pending_operations() == 3


def test_the_same_file_twice(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             store: Store) -> None:
    path = write_records(tmp_path / "twice.xlsx", [company(1), company(2)])
    assert cli(capsys, "import", str(path))[0] == 0
    head = store.audit_head()
    code, out, _ = cli(capsys, "import", str(path))
    assert code == 0
    assert "由 张三 导入" in out and "2 条" in out and "本次没有重复导入" in out
    code, out, _ = cli(capsys, "import", str(path), "--json")
    assert json.loads(out)["already_imported"]["imported"] == 2
    assert record_count(store) == 2 and store.audit_head() == head


def test_rollback(capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store) -> None:
    cli(capsys, "import", str(write_records(tmp_path / "keep.xlsx", [company(9)])))
    code, out, _ = cli(capsys, "import", str(write_records(tmp_path / "b.xlsx",
                                                           [company(1), person(2)])), "--json")
    batch = json.loads(out)["batch_id"]
    code, out, err = cli(capsys, "import", "--rollback", batch)
    assert code == 0 and f"已撤回导入批次 {batch}" in out and "删除了 2 条" in out
    assert [p["CF_WSH"] for p in payloads(store)] == ["阳市监罚〔2026〕9号"]
    code, out, _ = cli(capsys, "audit", "verify")
    assert code == 0 and "审计链完整" in out
    code, _, err = cli(capsys, "import", "--rollback", "no-such-batch")
    assert code == 2 and "找不到导入批次" in err and "Traceback" not in err


def test_a_refused_file_exits_2_with_one_line_and_writes_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store) -> None:
    keys = [k for k in CF_KEYS if k != "CF_WSH"]
    path = write_records(tmp_path / "no-wsh.xlsx", [company(1)], keys)
    head = store.audit_head()
    for extra in ([], ["--json"], ["--mode", "valid-rows"]):
        code, out, err = cli(capsys, "import", str(path), *extra)
        assert code == 2 and out == ""
        assert err.startswith("ygclient：") and err.count("\n") == 1
        assert "缺少必填列：行政处罚决定书文号" in err and "Traceback" not in err
    assert files(tmp_path) == {"no-wsh.xlsx"}
    assert record_count(store) == 0 and store.audit_head() == head


def test_unknown_columns_are_reported(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    path = write_book(tmp_path / "extra.xlsx", [*CF_KEYS, "经办人", "内部编号"],
                      [[*row_of(company(1)), "王五", "N-1"]])
    code, out, err = cli(capsys, "import", str(path))
    assert code == 0 and "已保存 1 条" in out
    assert "未识别的列（已忽略）：经办人、内部编号" in err
    code, out, _ = cli(capsys, "import", str(path), "--json")
    assert json.loads(out)["already_imported"] is not None


def test_sheet_and_item_options(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                store: Store) -> None:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "说明"
    notes["A1"] = "本表由执法科填写"
    data = workbook.create_sheet("处罚")
    data.append(CF_KEYS)
    data.append(row_of(company(1)))
    path = tmp_path / "two-sheets.xlsx"
    workbook.save(path)
    workbook.close()
    code, _, err = cli(capsys, "import", str(path))
    assert code == 2 and err.count("\n") == 1  # the first visible sheet has no header
    code, _, err = cli(capsys, "import", str(path), "--sheet", "不存在")
    assert code == 2 and "没有名为“不存在”的工作表" in err and "说明、处罚" in err
    code, out, _ = cli(capsys, "import", str(path), "--sheet", "处罚", "--item", "CF")
    assert code == 0 and "工作表“处罚”" in out
    assert record_count(store) == 1


def test_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "import")
    assert code == 2 and "请给出要导入的 .xlsx 文件" in err
    code, _, err = cli(capsys, "import", str(tmp_path / "nowhere.xlsx"))
    assert code == 2 and "无法读取文件 nowhere.xlsx" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as exited:  # argparse exits by itself
        cli(capsys, "import", str(mixed(tmp_path)), "--mode", "some")
    assert exited.value.code == 2 and "用法错误" in capsys.readouterr().err
