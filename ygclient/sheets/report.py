"""The annotated error report of an import, and the export of the agency's own records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ygclient.catalog import Catalog
from ygclient.privacy import mask_id
from ygclient.sheets.importer import ImportResult, RowError
from ygclient.sheets.safety import literal
from ygclient.sheets.workbook import (
    DATA_SHEET,
    META_SHEET,
    TEMPLATE_FORMAT,
    save_atomically,
    temporary_files_in,
)
from ygclient.store import State, Store

_KIND_LABELS = {
    "required": "必填项为空", "checksum": "校验位错误", "code": "不在代码表中",
    "date": "日期无法识别", "type": "类型不对", "number_as_code": "代码被存成了数字",
    "duplicate_in_file": "文件内重复", "duplicate_in_store": "与本机已有记录重复",
    "formula_without_value": "公式没有计算结果", "must_be_empty": "应为空",
    "date_order": "日期先后不对", "max_length": "超过长度", "disclosure_period": "公示期限不符",
}


def write_error_report(result: ImportResult, path: Path) -> Path:
    """Failing rows as they were, each bad cell highlighted with a comment, plus a summary."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    bad = PatternFill("solid", fgColor="FFC7CE")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "错误行"
    headers = ["原行号", *(h for h, _ in result.headers), "错误说明"]
    for column, text in enumerate(headers, start=1):
        literal(sheet.cell(row=1, column=column), text)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    position = {header: column for column, (header, _) in enumerate(result.headers, start=2)}
    for row, failed in enumerate(result.failed_rows, start=2):
        sheet.cell(row=row, column=1, value=failed.row)
        for column, (_, index) in enumerate(result.headers, start=2):
            value = failed.cells[index] if index < len(failed.cells) else ""
            literal(sheet.cell(row=row, column=column), _cell_value(value))
        notes = defaultdict(list)
        for error in failed.errors:
            notes[error.column].append(error.message)
        for header, messages in notes.items():
            if header in position:
                cell = sheet.cell(row=row, column=position[header])
                cell.fill = bad
                cell.comment = Comment("\n".join(messages), "ygclient", width=300, height=100)
        explanation = sheet.cell(row=row, column=len(headers))
        literal(explanation, "；".join(e.message for e in failed.errors))
        explanation.alignment = Alignment(wrap_text=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 8
    _summary(workbook.create_sheet("错误汇总"), result.errors, result)
    return save_atomically(workbook, path)


def _summary(sheet: Any, errors: Sequence[RowError], result: ImportResult) -> None:
    from openpyxl.styles import Font

    literal(sheet.cell(row=1, column=1), f"文件：{Path(result.file).name}，工作表：{result.sheet}，"
            f"条目：{result.item}；共 {result.rows} 行，无误 {result.valid} 行，"
            f"有错 {result.invalid} 行，重复 {result.duplicates} 行")
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for error in errors:
        groups[(error.code, error.column or "（整行）")].append(error.row)
    for column, text in enumerate(("错误类型", "列", "行数", "行号"), start=1):
        literal(sheet.cell(row=3, column=column), text)
        sheet.cell(row=3, column=column).font = Font(bold=True)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for row, ((code, column_name), rows) in enumerate(ordered, start=4):
        literal(sheet.cell(row=row, column=1), _KIND_LABELS.get(code, code))
        literal(sheet.cell(row=row, column=2), column_name)
        sheet.cell(row=row, column=3, value=len(rows))
        literal(sheet.cell(row=row, column=4), _ranges(sorted(set(rows))))
    for letter, width in zip("ABCD", (22, 34, 8, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def _ranges(rows: Sequence[int]) -> str:
    """2, 3, 4, 9 → 2-4, 9"""
    parts: list[str] = []
    start = previous = None
    for row in (*rows, None):
        if row is not None and previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = row
    return ", ".join(parts)


def _cell_value(value: Any) -> Any:
    """Calamine values back into cells: numbers stay numbers, everything else as it was."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def export_records(store: Store, item_code: str, path: Path, *,
                   states: Iterable[State] | None = None, unmask: bool = False,
                   reason: str | None = None) -> int:
    """The agency's own records of one item, with the template's headers (audited)."""
    from openpyxl import Workbook

    catalog: Catalog = store.catalog
    item = catalog.item(item_code)
    sensitive = {f.name for f in item.fields if f.type in ("cn_id", "id_document")}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with temporary_files_in(Path(path).parent):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(DATA_SHEET)
        from openpyxl.cell import WriteOnlyCell

        def row_of(values: Sequence[Any]) -> list[Any]:
            cells = []
            for value in values:
                cell = WriteOnlyCell(sheet)
                literal(cell, value)
                cells.append(cell)
            return cells

        sheet.append(row_of([f.title for f in item.fields] + ["记录ID", "状态", "版本"]))
        count = 0
        before = None
        while True:
            page = store.list_records(states=states, item=item_code, before=before, limit=500)
            for view in page.rows:
                payload = store.current_revision(view.id).payload
                values = []
                for fld in item.fields:
                    value = payload.get(fld.name)
                    if isinstance(value, list):
                        value = ";".join(value)
                    if fld.name in sensitive and isinstance(value, str) and not unmask:
                        value = mask_id(value)
                    values.append(value)
                sheet.append(row_of([*values, view.id, view.state.label, view.revision_number]))
                count += 1
            if page.next_cursor is None:
                break
            before = page.next_cursor
        meta = workbook.create_sheet(META_SHEET)
        meta.sheet_state = "hidden"
        for key, value in (("format", TEMPLATE_FORMAT), ("item", item.code),
                           ("catalog_version", catalog.version), ("export", "true")):
            meta.append(row_of([key, value]))
    save_atomically(workbook, path)
    store.audit_event("unmask_export" if unmask else "export", reason=reason,
                      detail={"item": item_code, "records": count, "file": str(path),
                              "states": [s.value for s in states] if states else None})
    return count
