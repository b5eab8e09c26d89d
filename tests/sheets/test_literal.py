"""Formula injection: every workbook the program writes (template, error report, export) keeps
values beginning with =, +, -, @, tab, CR or LF as literal text. The written archives are
unzipped and searched for any <f> element; the cells are read back as the literal strings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.sheets.books import (
    CF_KEYS,
    cli,
    company,
    formula_parts,
    part,
    row_of,
    write_book,
)
from ygclient.sheets.safety import literal
from ygclient.store import Store

HYPERLINK = '=HYPERLINK("http://evil.example","点这里")'
DANGEROUS = [HYPERLINK, "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
             "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "\n=1+1"]


def text_cells(path: Path) -> dict[str, list[Any]]:
    """Every string-looking value of every sheet, with its cell's type and quote prefix."""
    found: dict[str, list[Any]] = {}
    workbook = load_workbook(path)
    try:
        for sheet in workbook:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        found.setdefault(cell.value, []).append(
                            (cell.data_type, cell.quotePrefix))
    finally:
        workbook.close()
    return found


def assert_literal(path: Path, value: str) -> None:
    cells = text_cells(path)
    # XML turns a bare CR into LF on reading; the value itself must be there as text.
    shown = value if value in cells else value.replace("\r", "\n")
    assert shown in cells, (path.name, value)
    assert all(kind == "s" and quoted for kind, quoted in cells[shown]), (value, cells[shown])


def test_import_report_and_export_keep_formulas_as_text(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path, store: Store) -> None:
    # The input: text cells (string cells, not formulas) in 违法事实 and in a header. Rows whose
    # 行政相对人类别 is empty fail and go to the error report; the others are stored.
    failing = [row_of(company(n, CF_XDR_LB=None, CF_SY=value)) + ["x"]
               for n, value in enumerate(DANGEROUS)]
    stored = [row_of(company(100 + n, CF_SY=value)) + ["x"]
              for n, value in enumerate(DANGEROUS[:4])]
    source = write_book(tmp_path / "evil.xlsx", [*CF_KEYS, "=1+2"], failing + stored)
    assert b"<f>" not in part(source, "xl/worksheets/sheet1.xml")  # strings, as typed

    code, out, _ = cli(capsys, "import", str(source), "--mode", "valid-rows", "--json")
    data = json.loads(out)
    assert (code, data["imported"], data["invalid"]) == (1, 4, len(DANGEROUS))
    assert data["unknown_columns"] == ["=1+2"]
    report = Path(data["report"])
    stored_values = {store.current_revision(v.id).payload["CF_SY"]
                     for v in store.list_records().rows}
    assert stored_values == set(DANGEROUS[:4])

    export = tmp_path / "export.xlsx"
    assert cli(capsys, "export", "--item", "CF", "-o", str(export))[0] == 0
    template = tmp_path / "template.xlsx"
    assert cli(capsys, "template", "CF", "-o", str(template))[0] == 0

    for written in (report, export, template):
        assert formula_parts(written) == [], written.name
    for value in DANGEROUS:
        assert_literal(report, value)
    assert_literal(report, "=1+2")  # the header, too
    for value in DANGEROUS[:4]:
        assert_literal(export, value)


@pytest.mark.parametrize("value", DANGEROUS + ["=A1", "==", "-", "+", "@"], ids=repr)
def test_literal_never_makes_a_formula(tmp_path: Path, value: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    normal = Workbook()
    sheet = normal.active
    assert sheet is not None
    literal(sheet["A1"], value)
    normal.save(tmp_path / "normal.xlsx")
    normal.close()

    streaming = Workbook(write_only=True)
    stream = streaming.create_sheet("s")
    cell = WriteOnlyCell(stream)
    literal(cell, value)
    stream.append([cell])
    streaming.save(tmp_path / "streaming.xlsx")
    streaming.close()

    for name in ("normal.xlsx", "streaming.xlsx"):
        assert formula_parts(tmp_path / name) == []
        assert_literal(tmp_path / name, value)


def test_literal_leaves_other_values_alone(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for column, value in enumerate([-3, 2.5, "阳江", None, "a=b"], start=1):
        literal(sheet.cell(row=1, column=column), value)
    workbook.save(tmp_path / "plain.xlsx")
    workbook.close()
    workbook = load_workbook(tmp_path / "plain.xlsx")
    try:
        cells = list(workbook.active.iter_rows())[0]  # type: ignore[union-attr]
        assert [c.value for c in cells] == [-3, 2.5, "阳江", None, "a=b"]
        assert not any(c.quotePrefix for c in cells)
    finally:
        workbook.close()
