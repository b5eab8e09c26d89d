"""Reading a workbook for import: safety checks, sheet and item detection, header mapping.

python-calamine reads the cells (fast, and it never evaluates anything); the raw archive is
inspected first (safety.py), and the one thing calamine cannot tell — a formula cell that
has no cached value — comes from the same streaming pass.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException

from ygclient.catalog import Catalog, Field, Item
from ygclient.sheets.safety import (
    DEFAULT_LIMITS,
    Limits,
    SheetError,
    check_file,
    require_defusedxml,
    scan_sheet,
)
from ygclient.sheets.workbook import DATA_SHEET, META_SHEET, header_key

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True, slots=True)
class Column:
    index: int  # 0-based within the row list
    letter_index: int  # 1-based column number in the workbook
    header: str
    field: Field | None


@dataclass
class ParsedSheet:
    """An opened, checked sheet: its item, its columns, and its rows as raw records."""

    path: Path
    sha256: str
    sheet_name: str
    item: Item
    template_version: str | None
    header_row: int  # 1-based, as Excel numbers rows
    columns: list[Column]
    unknown_columns: list[str]
    formula_cells: set[tuple[int, int]]
    rows_estimate: int
    _rows: Any = field(repr=False, default=None)
    _workbook: Any = field(repr=False, default=None)

    def rows(self) -> Iterator[tuple[int, dict[str, Any], list[Field], list[Any]]]:
        """(row number, raw record, fields whose cell is a formula without a value, the row's
        cells as they are) for every non-blank row."""
        by_field: dict[str, list[Column]] = {}
        for column in self.columns:
            if column.field is not None:
                by_field.setdefault(column.field.name, []).append(column)
        single = [(n, cs[0]) for n, cs in by_field.items() if len(cs) == 1]
        merged = [(n, cs) for n, cs in by_field.items() if len(cs) > 1]
        # The iterator stands just after the header row.
        for offset, cells in enumerate(self._rows, start=self.header_row):
            number = offset + 1
            if not any(c != "" and c is not None for c in cells):
                continue  # blank rows are skipped
            raw: dict[str, Any] = {}
            formulas: list[Field] = []
            width = len(cells)
            for name, column in single:
                value = cells[column.index] if column.index < width else ""
                if value != "" and value is not None:
                    raw[name] = value
            for name, columns in merged:  # CF_CFLB1 + CF_CFLB2 → one multi-value field
                values = [cells[c.index] for c in columns
                          if c.index < width and cells[c.index] not in ("", None)]
                if len(values) == 1:
                    raw[name] = values[0]
                elif values:
                    raw[name] = [str(v) for v in values]
            if self.formula_cells:
                for column in self.columns:
                    if column.field is not None and \
                            (number, column.letter_index) in self.formula_cells:
                        raw.pop(column.field.name, None)
                        formulas.append(column.field)
            yield number, raw, formulas, cells

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_sheet(path: Path, catalog: Catalog, *, item_code: str | None = None,
               sheet_name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> ParsedSheet:
    """Check, open and map a workbook; SheetError (Chinese) when it cannot be imported."""
    require_defusedxml()
    path = Path(path)
    archive = check_file(path, limits)
    try:
        parts = _sheet_parts(archive)
        names = [name for name, _, _ in parts]
        visible = [name for name, _, hidden in parts if not hidden]
        if sheet_name is not None:
            if sheet_name not in names:
                raise SheetError(f"工作簿中没有名为“{sheet_name}”的工作表；"
                                 f"有：{'、'.join(visible)}")
            chosen = sheet_name
        elif DATA_SHEET in names and META_SHEET in names:
            chosen = DATA_SHEET
        elif visible:
            chosen = visible[0]
        else:
            raise SheetError("工作簿中没有可见的工作表")
        part = next(p for name, p, _ in parts if name == chosen)
        scan = scan_sheet(archive, part, limits)
    except (KeyError, StopIteration, zipfile.BadZipFile, zlib.error, EOFError):
        raise SheetError(f"文件 {path.name} 的结构不完整，无法找到工作表") from None
    except (ElementTree.ParseError, DefusedXmlException):
        raise SheetError(f"文件 {path.name} 的工作簿结构已损坏或含有不安全的 XML，"
                         "已拒绝处理；请在 Excel 中另存后再试") from None
    finally:
        archive.close()
    sha = file_sha256(path)

    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
        raise SheetError(f"文件 {path.name} 无法读取：{type(exc).__name__}") from None
    try:
        meta = _metadata(workbook) if META_SHEET in workbook.sheet_names else {}
        sheet = workbook.get_sheet_by_name(chosen)
        start = tuple(sheet.start or (0, 0))
        rows = iter(sheet.iter_rows())
        header_row, headers = _header(rows)
    except SheetError:
        workbook.close()
        raise
    except Exception as exc:  # noqa: BLE001
        workbook.close()
        raise SheetError(f"工作表“{chosen}”无法读取：{type(exc).__name__}") from None
    item = _choose_item(catalog, item_code or meta.get("item"), headers)
    columns, unknown = _map_columns(item, headers, start[1])
    missing = [f.title for f in item.fields if f.required
               and not any(c.field is not None and c.field.name == f.name for c in columns)]
    if missing:
        workbook.close()
        raise SheetError(f"缺少必填列：{'、'.join(missing)}（第 {header_row} 行应为列名）；"
                         f"可用 ygclient template {item.code} 生成模板")
    parsed = ParsedSheet(
        path=path, sha256=sha, sheet_name=chosen, item=item,
        template_version=meta.get("catalog_version"), header_row=header_row, columns=columns,
        unknown_columns=unknown, formula_cells=scan.formulas_without_value,
        rows_estimate=max(0, scan.last_row - header_row))
    parsed._rows = rows
    parsed._workbook = workbook
    return parsed


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(name, part path, hidden) of every worksheet, from workbook.xml and its relationships."""
    from defusedxml import ElementTree as SafeTree

    workbook = SafeTree.fromstring(archive.read("xl/workbook.xml"))
    rels = SafeTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    parts = []
    for sheet in workbook.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL}id")) or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        if path in archive.NameToInfo:
            parts.append((sheet.get("name") or "", path,
                          sheet.get("state") in ("hidden", "veryHidden")))
    return parts


def _metadata(workbook: Any) -> dict[str, str]:
    rows = workbook.get_sheet_by_name(META_SHEET).to_python()
    return {str(r[0]): str(r[1]) for r in rows if len(r) >= 2 and r[0]}


def _header(rows: Iterator[list[Any]]) -> tuple[int, list[str]]:
    # calamine's rows begin at row 1 (empty rows above the data come as empty lists) and at
    # the first used column: the offset is the row number minus one.
    for offset, cells in enumerate(rows):
        if offset >= 20:
            break
        texts = [str(c).strip() if c is not None else "" for c in cells]
        if sum(1 for t in texts if t) >= 2:
            return offset + 1, texts
    raise SheetError("前 20 行中没有找到列名行（应至少有两个非空的列名）")


def _spellings(item: Item) -> dict[str, Field]:
    spellings: dict[str, Field] = {}
    for fld in item.fields:
        for spelling in (fld.name, fld.title, *fld.aliases):
            spellings[header_key(spelling)] = fld
    return spellings


def _choose_item(catalog: Catalog, code: str | None, headers: list[str]) -> Item:
    if code:
        return catalog.item(code)
    keys = [header_key(h) for h in headers if h]
    scores = []
    for item in catalog.items:
        spellings = _spellings(item)
        scores.append((sum(1 for k in keys if k in spellings), item))
    scores.sort(key=lambda s: -s[0])
    best = scores[0]
    if best[0] < 2 or (len(scores) > 1 and scores[1][0] == best[0]):
        raise SheetError("无法从列名判断这是哪个目录条目的数据；请用 --item 指定，"
                         "或使用 ygclient template 生成的模板")
    return best[1]


def _map_columns(item: Item, headers: list[str], first_column: int
                 ) -> tuple[list[Column], list[str]]:
    spellings = _spellings(item)
    columns, unknown, taken = [], [], set()
    for index, header in enumerate(headers):
        if not header:
            continue
        fld = spellings.get(header_key(header))
        if fld is not None and fld.name in taken and not fld.multiple:
            raise SheetError(f"有两列都对应信息项「{fld.title}」（其中一列是“{header}”），"
                             "请删除或改名其中一列")
        if fld is None:
            unknown.append(header)
        else:
            taken.add(fld.name)
        columns.append(Column(index, first_column + index + 1, header, fld))
    return columns, unknown
