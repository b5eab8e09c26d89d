"""Real workbooks for the spreadsheet tests: filled with openpyxl, or taken apart and patched
by hand with zipfile; and small helpers to run the CLI and read back what was written."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from tests.catalog.records import penalty_for_company, penalty_for_person
from ygclient.catalog import bundled_catalog
from ygclient.catalog.checkdigits import cn_id_check_char, uscc_check_char
from ygclient.cli import main
from ygclient.store import Store
from ygclient.store.schema import records

TODAY = dt.date(2026, 11, 26)  # the demo records are valid on this day
CF_KEYS = [f.name for f in bundled_catalog().item("CF").fields]
# Any <f> element, with or without a namespace prefix: a formula.
FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


class Formula(str):
    """A cell value written as a formula; openpyxl stores it without a cached value."""


def company(number: int, **changes: Any) -> dict[str, Any]:
    """A valid 行政处罚 record against a company, with its own document number."""
    record = penalty_for_company()
    record["CF_WSH"] = f"阳市监罚〔2026〕{number}号"
    record.update(changes)
    return record


def person(number: int, **changes: Any) -> dict[str, Any]:
    """A valid 行政处罚 record against a natural person (ID number 441702199506151231)."""
    record = penalty_for_person()
    record["CF_WSH"] = f"阳市监罚〔2026〕{number}号"
    record.update(changes)
    return record


def uscc(number: int) -> str:
    """A valid 统一社会信用代码 of its own for each number."""
    first = f"91441700MA4W{number:05d}"
    return first + uscc_check_char(first)


def cn_id(number: int) -> str:
    """A valid 18-digit 居民身份证号 of its own for each number."""
    first = f"44170219950615{number:03d}"
    return first + cn_id_check_char(first)


def row_of(record: Mapping[str, Any], keys: Sequence[str] = CF_KEYS) -> list[Any]:
    return [record.get(key) for key in keys]


def put(sheet: Any, row: int, column: int, value: Any) -> None:
    """Text goes in as a string cell even when it begins with '='; Formula as a formula."""
    if value is None:
        return
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Formula):
        cell.value = str(value)
        assert cell.data_type == "f"
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def write_book(path: Path, headers: Sequence[Any], rows: Iterable[Sequence[Any]], *,
               titles: Sequence[str] = (), first_row: int = 1, first_column: int = 1,
               sheet: str | None = None) -> Path:
    """A one-sheet workbook: optional title rows, the header row, then the rows (an empty
    sequence is a blank row)."""
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    if sheet:
        worksheet.title = sheet
    number = first_row
    for title in titles:
        put(worksheet, number, first_column, title)
        number += 1
    for offset, header in enumerate(headers):
        put(worksheet, number, first_column + offset, header)
    for row in rows:
        number += 1
        for offset, value in enumerate(row):
            put(worksheet, number, first_column + offset, value)
    workbook.save(path)
    workbook.close()
    return path


def write_records(path: Path, records: Iterable[Mapping[str, Any] | None],
                  keys: Sequence[str] = CF_KEYS, **options: Any) -> Path:
    """Records under their field keys; None is a blank row."""
    return write_book(path, keys, [row_of(r, keys) if r is not None else [] for r in records],
                      **options)


Patch = bytes | Callable[[bytes], bytes] | None


def patch_zip(source: Path, target: Path, parts: Mapping[str, Patch],
              *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Copy an .xlsx archive part by part: a part named in ``parts`` is replaced (bytes),
    transformed (a function), or left out (None); names not in the source are added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compression) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in parts:
                change = parts[info.filename]
                if change is None:
                    continue
                data = change(data) if callable(change) else change
            new.writestr(info.filename, data)
        for name, change in parts.items():
            if name not in old.NameToInfo and isinstance(change, bytes):
                new.writestr(name, change)
    return target


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def formula_parts(path: Path) -> list[str]:
    """The XML parts of a written workbook that contain a formula element."""
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist()
                if FORMULA_ELEMENT.search(archive.read(name))]


def sheet_values(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    workbook = load_workbook(path)
    try:
        return [tuple(row) for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--user", "张三", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def payloads(store: Store, item: str = "CF") -> list[dict[str, Any]]:
    """The current payload of every record of ``item``, oldest first."""
    found: list[dict[str, Any]] = []
    before = None
    while True:
        page = store.list_records(item=item, before=before, limit=500)
        found.extend(store.current_revision(view.id).payload for view in page.rows)
        if page.next_cursor is None:
            return found[::-1]
        before = page.next_cursor


def record_count(store: Store) -> int:
    return sum(store.counts_by_state().values())


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_file()}


def stored_rows(store: Store) -> list[int | None]:
    """The workbook row of every record in the store, sorted (a row stored twice shows twice)."""
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(records.c.import_row)).scalars(),
                      key=lambda r: -1 if r is None else r)
