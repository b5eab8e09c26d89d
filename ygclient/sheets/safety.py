"""Checks a workbook must pass before any parser touches it, and literal-only writing.

A spreadsheet comes from outside: it may be a zip bomb, carry an XML entity bomb or an
external-entity reference, claim a far-corner cell that makes a dense reader allocate
billions of cells, or not be a workbook at all (legacy .xls, an encrypted file, a CSV renamed
to .xlsx, a truncated download). Everything here runs on the raw archive, streaming, and
raises :class:`SheetError` with one Chinese sentence.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')  # column AA and beyond
_DEEP_CELL = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{6,7})"')  # row 100,000 and beyond
_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+[0-9]+:)?([A-Z]{1,3})([0-9]{1,7})"')
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# A formula cell: <c r="B2" ...><f>..</f>[<v>..</v>]</c>; without <v> it has no cached value.
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>(?:(?!</c>).)*?<f[ >/]'
                           rb"(?:(?!</c>).)*?</c>", re.DOTALL)
_CACHED_VALUE = re.compile(rb"<v>[^<]")  # openpyxl writes an empty <v/> for uncomputed formulas
_CHUNK = 1 << 20


class SheetError(Exception):
    """The file cannot be used; the message says why in Chinese. Nothing was written."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_uncompressed: int = 200 * 1024 * 1024  # all entries together
    max_entries: int = 10_000
    max_ratio: float = 100.0  # per entry, uncompressed : compressed
    ratio_floor: int = 1024 * 1024  # entries smaller than this cannot be bombs
    max_rows: int = 500_000
    max_columns: int = 200
    max_cells: int = 20_000_000  # rows × columns of the grid a reader would allocate
    max_file: int = 200 * 1024 * 1024


DEFAULT_LIMITS = Limits()


@dataclass
class SheetScan:
    """What the streaming pass over one worksheet found."""

    last_row: int = 0
    last_column: int = 0
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)  # (row, col), 1-based


def require_defusedxml() -> None:
    """openpyxl must parse through defusedxml; refuse to run otherwise."""
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise SheetError("缺少 defusedxml，为防止恶意表格文件攻击，已拒绝处理表格。"
                         "请重新安装本程序（pip install defusedxml）")


def check_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open ``path`` as an .xlsx archive after checking what it is and its declared sizes."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(8)
    except OSError as exc:
        raise SheetError(f"无法读取文件 {name}：{exc.strerror or exc}") from None
    if size == 0:
        raise SheetError(f"文件 {name} 是空的")
    if size > limits.max_file:
        raise SheetError(f"文件 {name} 过大（{size // (1024 * 1024)} MB），"
                         f"超过 {limits.max_file // (1024 * 1024)} MB 的上限")
    if head.startswith(OLE_MAGIC):
        raise SheetError(f"文件 {name} 是旧版 .xls 格式或设置了打开密码；"
                         "请在 Excel 中取消密码并另存为 .xlsx 后再导入")
    if not head.startswith(ZIP_MAGIC):
        hint = ("（看起来是文本或 CSV 文件，被改成了 .xlsx 扩展名）"
                if _looks_like_text(head) else "")
        raise SheetError(f"文件 {name} 不是 Excel 工作簿（.xlsx）{hint}；请在 Excel 中另存为 .xlsx")
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise SheetError(f"文件 {name} 已损坏或不完整（可能下载或复制时中断），无法打开") from None
    try:
        _check_entries(name, infos, limits)
        if "xl/workbook.xml" not in archive.NameToInfo:
            raise SheetError(f"文件 {name} 不是 Excel 工作簿（缺少 xl/workbook.xml）")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as part:
                    if _DTD.search(part.read(4096)):
                        raise SheetError(f"文件 {name} 中含有不安全的 XML 声明（DOCTYPE/ENTITY），"
                                         "已拒绝处理；请在 Excel 中另存后再试")
    except SheetError:
        archive.close()
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        archive.close()
        raise SheetError(f"文件 {name} 已损坏或不完整，无法打开") from None
    return archive


def _check_entries(name: str, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise SheetError(f"文件 {name} 包含 {len(infos)} 个部件，超过上限，可能是恶意文件")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise SheetError(f"文件 {name} 已加密，无法读取；请取消密码后再导入")
        total += info.file_size
        if info.file_size >= limits.ratio_floor and \
                info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise SheetError(f"文件 {name} 的压缩比异常（{info.filename}），"
                             "可能是“压缩炸弹”，已拒绝处理")
    if total > limits.max_uncompressed:
        raise SheetError(f"文件 {name} 解压后有 {total // (1024 * 1024)} MB，超过 "
                         f"{limits.max_uncompressed // (1024 * 1024)} MB 的上限")


def scan_sheet(archive: zipfile.ZipFile, part: str, limits: Limits = DEFAULT_LIMITS) -> SheetScan:
    """One streaming pass: the real last row and column (not the declared dimension, which may
    lie), and formula cells without a cached value. Refuses sheets beyond the caps.

    Only what can matter is matched: every <row>, cells in columns past Z, cells in rows past
    99,999 — a dense reader sizes its grid from the extreme cells, so those are the ones to find.
    """
    scan = SheetScan()
    tail = b""
    first = True
    try:
        with archive.open(part) as stream:
            for chunk in _chunks(stream):
                data = tail + chunk
                for match in (_CELL if first else _WIDE_CELL).finditer(data):
                    column = column_number(match.group(1).decode("ascii"))
                    scan.last_column = max(scan.last_column, column)
                first = False
                rows = _ROW.findall(data)
                if rows:
                    scan.last_row = max(scan.last_row, max(int(r) for r in rows))
                for match in _DEEP_CELL.finditer(data):
                    scan.last_row = max(scan.last_row, int(match.group(1)))
                if b"<f" in data:
                    for match in _FORMULA_CELL.finditer(data):
                        if _CACHED_VALUE.search(match.group(0)) is None:
                            scan.formulas_without_value.add(cell_position(match.group(1)))
                if scan.last_row > limits.max_rows or scan.last_column > limits.max_columns:
                    break
                # Carry an unfinished cell (or at least a split tag) into the next chunk.
                cut = data.rfind(b"<c ")
                if cut >= 0 and data.find(b"</c>", cut) < 0 and data.find(b"/>", cut) < 0:
                    tail = data[cut:]
                else:
                    tail = data[-64:]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        raise SheetError("工作表数据已损坏或不完整，无法读取") from None
    if scan.last_row > limits.max_rows:
        raise SheetError(f"工作表的数据超过 {limits.max_rows} 行（第 {scan.last_row} 行有内容），"
                         "请删除多余的行或分成几个文件")
    if scan.last_column > limits.max_columns:
        raise SheetError(f"工作表的数据超过 {limits.max_columns} 列"
                         f"（第 {scan.last_column} 列有内容），"
                         "请删除多余的列")
    if scan.last_row * max(scan.last_column, 1) > limits.max_cells:
        raise SheetError(f"工作表有 {scan.last_row} 行 × {scan.last_column} 列，单元格过多，"
                         "请分成几个文件导入")
    return scan


def _chunks(stream: Any) -> Iterator[bytes]:
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return
        yield chunk


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_position(ref: bytes) -> tuple[int, int]:
    text = ref.decode("ascii")
    split = next(i for i, c in enumerate(text) if c.isdigit())
    return int(text[split:]), column_number(text[:split])


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("gbk")
        except UnicodeDecodeError:
            return False
    return True


# --- writing -------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def literal(cell: Any, value: Any) -> None:
    """Put ``value`` into an openpyxl cell so that it can never become a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if value.startswith(_FORMULA_STARTS):
            # Excel shows it as text even when the cell is edited later.
            cell.quotePrefix = True
