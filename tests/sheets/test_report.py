"""The error report: failing rows as they were, each bad cell highlighted with a comment, an
错误说明 column, and a summary by kind — written for real and read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.sheets.books import CF_KEYS, cli, company, files, row_of, write_book, write_records
from ygclient.sheets.importer import import_workbook
from ygclient.sheets.report import write_error_report
from ygclient.store import Store

HIGHLIGHT = "00FFC7CE"
FIRST = 4  # two title rows, the header on row 3


def scenario() -> list[dict[str, Any]]:
    return [
        company(1, CF_XDR_MC=None),  # 4: required
        company(2, CF_XDR_MC=None),  # 5: required
        company(3, CF_XDR_MC=None),  # 6: required
        company(4),  # 7: fine
        company(5, CF_XDR_SHXYM="91441700MA4W12346X"),  # 8: check digit
        company(6, CF_XDR_LB="外星人", CF_JDRQ="明天"),  # 9: two bad cells
        company(4, CF_SY="再报一次"),  # 10: duplicate of row 7
        company(8, CF_JDRQ=dt.date(2026, 3, 5), CF_CFJGDM=114417000070012332),  # 11: digits lost
        company(9, CF_XDR_MC=None),  # 12: required
    ]


def source_rows(path: Path) -> dict[int, tuple[Any, ...]]:
    workbook = load_workbook(path)
    try:
        sheet = workbook.active
        assert sheet is not None
        return {number: tuple(row) for number, row in
                enumerate(sheet.iter_rows(values_only=True), start=1)}
    finally:
        workbook.close()


def blank_as_none(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(None if v == "" else v for v in values)


def test_the_report_read_back(tmp_path: Path, store: Store) -> None:
    source = write_records(tmp_path / "处罚.xlsx", scenario(),
                           titles=["阳江市行政处罚信息", "填报单位：阳江市市场监督管理局"])
    result = import_workbook(store, source, mode="valid-rows")
    assert (result.rows, result.valid, result.invalid, result.duplicates) == (9, 1, 7, 1)
    report = write_error_report(result, tmp_path / "report.xlsx")
    original = source_rows(source)

    workbook = load_workbook(report)
    try:
        assert workbook.sheetnames == ["错误行", "错误汇总"]
        sheet = workbook["错误行"]
        header = [c.value for c in sheet[1]]
        assert header == ["原行号", *CF_KEYS, "错误说明"]
        assert sheet.freeze_panes == "B2"
        by_row = {int(str(row[0].value)): row for row in sheet.iter_rows(min_row=2)}
        assert sorted(by_row) == [4, 5, 6, 8, 9, 10, 11, 12]
        for number, cells in by_row.items():
            # The row as it was in the file.
            assert blank_as_none(tuple(c.value for c in cells[1:-1])) == \
                blank_as_none(original[number][:len(CF_KEYS)]), number
            messages = [e.message for e in result.errors if e.row == number]
            assert cells[-1].value == "；".join(messages)
            bad = {e.column: e.message for e in result.errors if e.row == number and e.column}
            for cell, key in zip(cells[1:-1], CF_KEYS, strict=True):
                if key in bad:
                    assert cell.fill.fgColor.rgb == HIGHLIGHT, (number, key)
                    assert cell.comment is not None and bad[key] in cell.comment.text
                else:
                    assert cell.fill.fill_type is None and cell.comment is None, (number, key)

        nine = by_row[9]
        assert nine[1 + CF_KEYS.index("CF_XDR_LB")].value == "外星人"
        assert "不在代码表中" in str(nine[1 + CF_KEYS.index("CF_XDR_LB")].comment)
        assert "不是可识别的日期" in str(nine[1 + CF_KEYS.index("CF_JDRQ")].comment)
        assert "与第 7 行重复" in str(by_row[10][-1].value)
        eleven = by_row[11]
        assert eleven[1 + CF_KEYS.index("CF_JDRQ")].value == dt.datetime(2026, 3, 5)
        assert eleven[1 + CF_KEYS.index("CF_CFJGDM")].data_type == "n"  # still the number
        assert "丢失位数" in str(eleven[-1].value)

        summary = [tuple(row) for row in workbook["错误汇总"].iter_rows(values_only=True)]
    finally:
        workbook.close()
    assert "处罚.xlsx" in str(summary[0][0])
    assert "共 9 行，无误 1 行，有错 7 行，重复 1 行" in str(summary[0][0])
    assert summary[2] == ("错误类型", "列", "行数", "行号")
    groups = summary[3:]
    assert groups[0] == ("必填项为空", "CF_XDR_MC", 4, "4-6, 12")  # most frequent first
    assert set(groups[1:]) == {
        ("校验位错误", "CF_XDR_SHXYM", 1, "8"),
        ("不在代码表中", "CF_XDR_LB", 1, "9"),
        ("日期无法识别", "CF_JDRQ", 1, "9"),
        ("文件内重复", "（整行）", 1, "10"),
        ("代码被存成了数字", "CF_CFJGDM", 1, "11"),
    }


def test_duplicates_against_the_store_are_in_the_report(tmp_path: Path, store: Store) -> None:
    import_workbook(store, write_records(tmp_path / "first.xlsx", [company(1)]))
    result = import_workbook(store, write_records(tmp_path / "second.xlsx",
                                                  [company(2), company(1)]), mode="valid-rows")
    report = write_error_report(result, tmp_path / "report.xlsx")
    workbook = load_workbook(report)
    try:
        rows = list(workbook["错误行"].iter_rows(min_row=2, values_only=True))
        summary = list(workbook["错误汇总"].iter_rows(min_row=4, values_only=True))
    finally:
        workbook.close()
    assert [(r[0], r[1 + CF_KEYS.index("CF_WSH")]) for r in rows] == [(3, "阳市监罚〔2026〕1号")]
    assert "本机已有" in str(rows[0][-1])
    assert summary == [("与本机已有记录重复", "（整行）", 1, "3")]


def test_cells_stay_under_their_own_headers_when_a_column_has_no_header(
        tmp_path: Path, store: Store) -> None:
    """A spare column without a header between the data (common in hand-made sheets): the
    report must still show each value under its own header and highlight the bad cell."""
    headers: list[Any] = list(CF_KEYS)
    headers.insert(1, None)
    row = row_of(company(1, CF_XDR_LB="外星人"))
    row.insert(1, "手写备注")
    source = write_book(tmp_path / "gap.xlsx", headers, [row])
    result = import_workbook(store, source, mode="valid-rows")
    [error] = result.errors
    assert (error.row, error.field) == (2, "CF_XDR_LB")
    report = write_error_report(result, tmp_path / "report.xlsx")
    workbook = load_workbook(report)
    try:
        sheet = workbook["错误行"]
        shown = {str(h.value): c for h, c in zip(sheet[1], sheet[2], strict=True)}
    finally:
        workbook.close()
    assert shown["CF_XDR_LB"].value == "外星人"
    assert shown["CF_XDR_LB"].fill.fgColor.rgb == HIGHLIGHT
    assert shown["CF_XDR_SHXYM"].value == "91441700MA4W12346H"
    assert shown["BZ"].value in (None, "")
    assert shown["CF_SJLYDM"].value == "114417000070012332"


def test_cli_writes_the_report_next_to_the_file(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    source = write_records(tmp_path / "行政处罚 2026.xlsx", [company(1, CF_XDR_MC=None)])
    code, out, _ = cli(capsys, "import", str(source))
    assert code == 1
    assert files(tmp_path) == {"行政处罚 2026.xlsx", "行政处罚 2026-错误报告.xlsx"}
    workbook = load_workbook(tmp_path / "行政处罚 2026-错误报告.xlsx")
    try:
        assert workbook["错误行"]["A2"].value == 2
        assert "为必填项" in str(workbook["错误行"].cell(2, len(CF_KEYS) + 2).value)
    finally:
        workbook.close()
