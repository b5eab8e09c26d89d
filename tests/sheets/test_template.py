"""Templates: written by `ygclient template`, read back with openpyxl, filled in and imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from tests.sheets.books import CF_KEYS, cli, company, files, payloads, person, row_of
from ygclient.catalog import Catalog, Field
from ygclient.sheets.importer import import_workbook
from ygclient.sheets.safety import SheetError
from ygclient.sheets.template import write_template
from ygclient.store import Store

TEXT_TYPES = {"string", "code", "uscc", "org_code", "cn_id", "id_document"}


def letter_of(sheet: Any, fld: Field) -> str:
    """The column whose header is this field's label (with or without the * mark)."""
    for cell in sheet[1]:
        if cell.value in (fld.title, f"*{fld.title}"):
            return str(cell.column_letter)
    raise AssertionError(f"no column for {fld.name}")


def resolve(workbook: Any, formula: str) -> list[Any]:
    """The values of a drop-down's source range such as ='代码表'!$A$2:$A$15."""
    sheet_name, _, reference = formula.lstrip("=").rpartition("!")
    sheet = workbook[sheet_name.strip("'")]
    min_col, min_row, max_col, max_row = (
        int(bound) for bound in range_boundaries(reference.replace("$", "")) if bound)
    return [sheet.cell(row=r, column=c).value for r in range(min_row, max_row + 1)
            for c in range(min_col, max_col + 1)]


def test_template_command_and_what_the_workbook_holds(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path, catalog: Catalog) -> None:
    target = tmp_path / "行政处罚模板.xlsx"
    code, out, err = cli(capsys, "template", "CF", "-o", str(target))
    assert (code, err) == (0, "")
    assert "已生成模板" in out and catalog.version in out
    assert files(tmp_path) == {target.name}  # written atomically: no partial file left
    item = catalog.item("CF")
    workbook = load_workbook(target)
    try:
        assert workbook.sheetnames[0] == "数据"
        assert workbook.active is not None and workbook.active.title == "数据"
        data = workbook["数据"]
        # Header: Chinese labels in catalog order, required ones marked with * in red.
        header = [c.value for c in data[1]]
        assert header == [f"*{f.title}" if f.required else f.title for f in item.fields]
        for cell, fld in zip(data[1], item.fields, strict=True):
            assert cell.font.b
            assert (cell.font.color is not None and cell.font.color.rgb == "00C00000") \
                == fld.required, fld.name
            assert cell.comment is not None and f"{fld.title}（{fld.name}）" in cell.comment.text
            if fld.description:
                assert fld.description in cell.comment.text
        assert data.freeze_panes == "A2"
        assert data.max_row == 1  # nothing but the header
        # ID and code columns are text, date columns dates.
        for fld in item.fields:
            number_format = data.column_dimensions[letter_of(data, fld)].number_format
            if fld.type in TEXT_TYPES:
                assert number_format == "@", fld.name
            elif fld.type == "date":
                assert number_format == "yyyy-mm-dd", fld.name
        assert data.column_dimensions[letter_of(data, item.field("CF_XDR_ZJHM"))] \
            .number_format == "@"
        # The hidden metadata sheet: format, item, catalog version, keys.
        meta = workbook["_ygclient"]
        assert meta.sheet_state == "hidden"
        recorded = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
        assert recorded == {"format": "ygclient-template/1", "item": "CF",
                            "catalog_version": catalog.version, "keys": ",".join(CF_KEYS)}
        assert workbook["代码表"].sheet_state == "hidden"
        assert catalog.version in str(workbook.properties.subject)
    finally:
        workbook.close()


def test_drop_downs_list_the_code_lists(tmp_path: Path, catalog: Catalog) -> None:
    path = write_template(catalog, "CF", tmp_path / "cf.xlsx")
    item = catalog.item("CF")
    workbook = load_workbook(path)
    try:
        data = workbook["数据"]
        validations = data.data_validations.dataValidation
        coded = [f for f in item.fields if f.code_list]
        assert len(validations) == len(coded)
        for fld in coded:
            letter = letter_of(data, fld)
            found = [v for v in validations if f"{letter}2" in v.sqref]
            assert len(found) == 1, fld.name
            validation = found[0]
            assert validation.type == "list" and validation.allow_blank
            assert f"{letter}100001" in validation.sqref and f"{letter}1" not in validation.sqref
            code_list = catalog.code_lists[fld.code_list or ""]
            assert resolve(workbook, str(validation.formula1)) == \
                [v.code for v in code_list.values if not v.deprecated]
            assert validation.showInputMessage and validation.prompt
    finally:
        workbook.close()


def test_drop_downs_enforce_single_code_lists_and_only_suggest_the_others(
        tmp_path: Path, catalog: Catalog) -> None:
    """Where several values (a;b) or 其他-具体类别 may be typed the list only suggests; for a
    plain code list (行政相对人类别) Excel must refuse anything not in it."""
    path = write_template(catalog, "CF", tmp_path / "cf.xlsx")
    item = catalog.item("CF")
    workbook = load_workbook(path)
    try:
        data = workbook["数据"]
        strictness = {}
        for fld in (f for f in item.fields if f.code_list):
            letter = letter_of(data, fld)
            validation = next(v for v in data.data_validations.dataValidation
                              if f"{letter}2" in v.sqref)
            strictness[fld.name] = bool(validation.showErrorMessage)
    finally:
        workbook.close()
    assert strictness == {"CF_XDR_LB": True, "CF_FR_ZJLX": False, "CF_XDR_ZJLX": False,
                          "CF_CFLB": False}


def test_instructions_sheet_is_built_from_the_catalog(tmp_path: Path, catalog: Catalog) -> None:
    path = write_template(catalog, "CF", tmp_path / "cf.xlsx")
    item = catalog.item("CF")
    workbook = load_workbook(path)
    try:
        rows = list(workbook["填写说明"].iter_rows(values_only=True))
    finally:
        workbook.close()
    assert rows[0][0] == "行政处罚信息（CF）填写说明"
    assert catalog.version in str(rows[1][0]) and item.disclosure.basis in str(rows[1][0])
    assert rows[4][:6] == ("列名", "信息项代码", "是否必填", "填写要求", "说明", "可选值")
    by_key = {str(row[1]): tuple(str(v or "") for v in row)
              for row in rows[5:5 + len(item.fields)]}
    assert list(by_key) == CF_KEYS
    for fld in item.fields:
        title, _, required, hint, description, values = by_key[fld.name]
        assert title == fld.title
        assert required == ("是" if fld.required else "视情况" if fld.required_when else "否")
        assert description == (fld.description or "")
        assert hint
    assert "万元" in by_key["CF_NR_FK"][3]
    assert "罚款2000元填 0.2" in by_key["CF_NR_FK"][4]
    assert by_key["CF_XDR_LB"][5] == "法人及非法人组织、自然人、个体工商户"
    assert "其他-" in by_key["CF_CFLB"][5] and "暂扣或者吊销执照" not in by_key["CF_CFLB"][5]
    texts = [str(row[0]) for row in rows if row[0]]
    rules_at = texts.index("校验规则")
    validator = catalog.validator("CF")
    assert texts[rules_at + 1:] == [f"{n}. {validator.describe_rule(rule)}"
                                    for n, rule in enumerate(item.rules, start=1)]


@pytest.mark.parametrize("code", ["JCXX", "XK", "CF", "YZSX", "SXJL", "XYPJ", "ZZ", "GRZYZG",
                                  "FYZX"])
def test_every_item_has_a_template(tmp_path: Path, catalog: Catalog, code: str) -> None:
    path = write_template(catalog, code, tmp_path / f"{code}.xlsx")
    workbook = load_workbook(path)
    try:
        header = [c.value for c in workbook["数据"][1]]
        meta = {row[0]: row[1] for row in workbook["_ygclient"].iter_rows(values_only=True)}
    finally:
        workbook.close()
    assert len(header) == len(catalog.item(code).fields)
    assert meta["item"] == code


def fill(template: Path, target: Path, rows: list[list[Any]]) -> Path:
    """Type rows into the template's data sheet, as a clerk would, and save under a new name."""
    workbook = load_workbook(template)
    try:
        sheet = workbook["数据"]
        for number, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=number, column=column, value=value)
        workbook.save(target)
    finally:
        workbook.close()
    return target


def test_a_filled_template_imports(tmp_path: Path, catalog: Catalog, store: Store) -> None:
    template = write_template(catalog, "CF", tmp_path / "template.xlsx")
    filled = fill(template, tmp_path / "filled.xlsx", [row_of(company(1)), row_of(person(2))])
    result = import_workbook(store, filled)
    assert (result.item, result.sheet) == ("CF", "数据")  # from the template's metadata
    assert result.catalog_note is None and result.unknown_columns == []
    assert (result.rows, result.valid, result.invalid, result.imported) == (2, 2, 0, 2)
    stored = payloads(store)
    assert [p["CF_WSH"] for p in stored] == ["阳市监罚〔2026〕1号", "阳市监罚〔2026〕2号"]
    assert stored[1]["CF_XDR_ZJHM"] == "441702199506151231"
    assert stored[0]["CF_CFLB"] == ["警告", "罚款"]


def test_the_item_comes_from_the_template_even_when_the_headers_are_ambiguous(
        tmp_path: Path, catalog: Catalog, store: Store) -> None:
    """行政相对人名称 and 行政相对人类别 belong to XK and CF alike: only the metadata can tell."""
    template = write_template(catalog, "CF", tmp_path / "template.xlsx")
    workbook = load_workbook(template)
    try:
        sheet = workbook["数据"]
        sheet.delete_cols(3, sheet.max_column - 2)
        sheet["A2"], sheet["B2"] = "林小梅", "自然人"
        workbook.save(tmp_path / "two-columns.xlsx")
    finally:
        workbook.close()
    with pytest.raises(SheetError, match="缺少必填列：.*行政处罚决定书文号.*ygclient template CF"):
        import_workbook(store, tmp_path / "two-columns.xlsx")


def test_a_template_of_another_catalog_version_is_checked_against_the_current_one(
        tmp_path: Path, catalog: Catalog, store: Store) -> None:
    template = write_template(catalog, "CF", tmp_path / "template.xlsx")
    filled = fill(template, tmp_path / "filled.xlsx", [row_of(company(1))])
    workbook = load_workbook(filled)
    try:
        workbook["_ygclient"]["B3"] = "2016.1"
        workbook.save(filled)
    finally:
        workbook.close()
    result = import_workbook(store, filled)
    assert result.imported == 1
    assert result.catalog_note is not None
    assert "2016.1" in result.catalog_note and catalog.version in result.catalog_note


def test_template_command_refuses_other_suffixes_and_unknown_items(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, "template", "CF", "-o", str(tmp_path / "cf.xls"))
    assert code == 2 and "应以 .xlsx 结尾" in err and err.count("\n") == 1
    code, out, err = cli(capsys, "template", "NOPE", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1
    assert files(tmp_path) == set()

