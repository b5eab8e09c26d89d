"""Excel templates generated from the catalog: one per item, ready for staff to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ygclient.catalog import Catalog, Field, Item
from ygclient.sheets.safety import column_letters, literal
from ygclient.sheets.workbook import (
    CODES_SHEET,
    DATA_SHEET,
    HELP_SHEET,
    META_SHEET,
    TEMPLATE_FORMAT,
    header_label,
    save_atomically,
)

_TYPE_HINTS = {
    "string": "文本", "integer": "整数", "number": "数字", "date": "日期（如 2026-03-05）",
    "code": "从下拉列表选择", "uscc": "18 位统一社会信用代码（文本格式）",
    "org_code": "9 位组织机构代码（文本格式）", "cn_id": "18 位身份证号（文本格式）",
    "id_document": "证件号码（文本格式）",
}
_TEXT_TYPES = {"string", "code", "uscc", "org_code", "cn_id", "id_document"}


def write_template(catalog: Catalog, item_code: str, path: Path) -> Path:
    """Write the item's template to ``path`` (atomically)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    item = catalog.item(item_code)
    validator = catalog.validator(item_code)
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = DATA_SHEET
    codes = workbook.create_sheet(CODES_SHEET)
    meta = workbook.create_sheet(META_SHEET)
    help_sheet = workbook.create_sheet(HELP_SHEET, index=1)

    header_font = Font(bold=True)
    required_font = Font(bold=True, color="C00000")
    fill = PatternFill("solid", fgColor="DDEBF7")
    code_columns: dict[str, str] = {}
    for column, list_id in enumerate(sorted({f.code_list for f in item.fields
                                             if f.code_list}), start=1):
        code_list = catalog.code_lists[str(list_id)]
        letter = column_letters(column)
        literal(codes.cell(row=1, column=column), code_list.title)
        for row, value in enumerate((v for v in code_list.values if not v.deprecated),
                                    start=2):
            literal(codes.cell(row=row, column=column), value.code)
        last = 1 + sum(1 for v in code_list.values if not v.deprecated)
        code_columns[str(list_id)] = f"'{CODES_SHEET}'!${letter}$2:${letter}${last}"
    codes.sheet_state = "hidden"

    for column, fld in enumerate(item.fields, start=1):
        letter = column_letters(column)
        cell = data.cell(row=1, column=column)
        literal(cell, header_label(fld))
        cell.font = required_font if fld.required else header_font
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(_help(fld, catalog), "ygclient", width=320, height=160)
        dimension = data.column_dimensions[letter]
        dimension.width = max(12, min(40, len(fld.title) * 2 + 4))
        if fld.type in _TEXT_TYPES:
            dimension.number_format = "@"  # Excel keeps all 18 characters of a code
        elif fld.type == "date":
            dimension.number_format = "yyyy-mm-dd"
        if fld.code_list:
            validation = DataValidation(type="list", formula1=f"={code_columns[fld.code_list]}",
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle="不在代码表中",
                                        error=f"「{fld.title}」请从下拉列表中选择")
            if fld.multiple or catalog.code_lists[fld.code_list].other_prefix:
                # Several values (a;b) or 其他-具体类别 are typed, so only suggest.
                validation.showErrorMessage = False
            validation.promptTitle = fld.title[:32]
            validation.prompt = _TYPE_HINTS["code"] + (
                "，可多选，用分号分隔" if fld.multiple else "")
            validation.showInputMessage = True
            data.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100001")
    data.freeze_panes = "A2"
    data.row_dimensions[1].height = 36

    rows: list[tuple[str, Any]] = [
        ("format", TEMPLATE_FORMAT), ("item", item.code), ("catalog_version", catalog.version),
        ("keys", ",".join(f.name for f in item.fields)),
    ]
    for row, (key, value) in enumerate(rows, start=1):
        literal(meta.cell(row=row, column=1), key)
        literal(meta.cell(row=row, column=2), value)
    meta.sheet_state = "hidden"

    _write_help(help_sheet, catalog, item, [validator.describe_rule(r) for r in item.rules])
    workbook.properties.title = f"{item.name}导入模板"
    workbook.properties.subject = f"{item.code} / 目录版本 {catalog.version}"
    workbook.properties.creator = "ygclient"
    return save_atomically(workbook, path)


def _help(fld: Field, catalog: Catalog) -> str:
    parts = [f"{fld.title}（{fld.name}）"]
    if fld.required:
        parts.append("必填")
    elif fld.required_when is not None:
        parts.append("视情况必填")
    parts.append(_TYPE_HINTS[fld.type] + (f"，单位：{fld.unit}" if fld.unit else ""))
    if fld.max_length and fld.type == "string":
        parts.append(f"不超过 {fld.max_length} 字")
    if fld.description:
        parts.append(fld.description)
    if fld.example:
        parts.append(f"示例：{fld.example}")
    return "\n".join(parts)


def _write_help(sheet: Any, catalog: Catalog, item: Item, rules: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    literal(sheet.cell(row=1, column=1), f"{item.name}（{item.code}）填写说明")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    literal(sheet.cell(row=2, column=1),
            f"目录版本 {catalog.version}；提供方：{item.provider}；报送时限："
            f"{item.reporting_deadline_days} 个工作日；公示期限依据：{item.disclosure.basis}")
    literal(sheet.cell(row=3, column=1), "标 * 的列必须填写；代码、证件号码列已设为文本格式，"
            "请勿改为数字，否则 18 位号码会丢失位数。日期写成 2026-03-05 或 2026年3月5日 均可。")
    headers = ("列名", "信息项代码", "是否必填", "填写要求", "说明", "可选值")
    for column, text in enumerate(headers, start=1):
        literal(sheet.cell(row=5, column=column), text)
        sheet.cell(row=5, column=column).font = Font(bold=True)
    for row, fld in enumerate(item.fields, start=6):
        values = ""
        if fld.code_list:
            code_list = catalog.code_lists[fld.code_list]
            values = "、".join(v.code for v in code_list.values if not v.deprecated)
            if code_list.other_prefix:
                values += f"，或“{code_list.other_prefix}具体名称”"
        required = "是" if fld.required else ("视情况" if fld.required_when else "否")
        hint = _TYPE_HINTS[fld.type] + (f"，单位：{fld.unit}" if fld.unit else "")
        if fld.max_length and fld.type == "string":
            hint += f"，不超过 {fld.max_length} 字"
        for column, text in enumerate((fld.title, fld.name, required, hint,
                                       fld.description, values), start=1):
            literal(sheet.cell(row=row, column=column), text)
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True,
                                                                     vertical="top")
    row = 7 + len(item.fields)
    if rules:
        literal(sheet.cell(row=row, column=1), "校验规则")
        sheet.cell(row=row, column=1).font = Font(bold=True)
        for offset, text in enumerate(rules, start=1):
            literal(sheet.cell(row=row + offset, column=1), f"{offset}. {text}")
    for letter, width in zip("ABCDEF", (28, 16, 10, 30, 50, 40), strict=True):
        sheet.column_dimensions[letter].width = width
