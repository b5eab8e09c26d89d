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
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ygclient.oserror import os_reason

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')  # column AA and beyond
_DEEP_CELL = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{6,7})"')  # row 100,000 and beyond
_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
# A namespace prefix on a cell or row tag (x:c, x:row): rare, so any hint sends the sheet
# to the careful path.
_PREFIX_MARK = re.compile(rb":(?:c|row)[\s>/]")
_REF = re.compile(r"[A-Z]{1,3}[0-9]{1,7}")
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
            head = file.read(512)
    except OSError as exc:
        raise SheetError(f"无法读取文件 {name}：{os_reason(exc)}") from None
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
            # Worksheets are checked by scan_sheet, in the same pass as their cells.
            if info.filename.endswith((".xml", ".rels")) and \
                    not info.filename.startswith("xl/worksheets/"):
                _refuse_dtd(archive, info, name)
    except SheetError:
        archive.close()
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error):
        archive.close()
        raise SheetError(f"文件 {name} 已损坏或不完整，无法打开") from None
    return archive


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """The whole part, not just its start: a comment can push a DOCTYPE far down."""
    tail = b""
    with archive.open(info) as part:
        for chunk in _chunks(part):
            if _DTD.search(tail + chunk):
                raise SheetError(f"文件 {name} 中含有不安全的 XML 声明（DOCTYPE/ENTITY），"
                                 "已拒绝处理；请在 Excel 中另存后再试")
            tail = chunk[-16:]


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
    """The real last row and column of a sheet (not its declared dimension, which may lie),
    and formula cells without a cached value; refuses sheets beyond the caps and DTDs.

    Readers size their grid from the extreme cells, so those must be found whatever the XML's
    spelling. Files as Excel, WPS and openpyxl write them (every cell ``<c r="…"`` with ``r``
    first) take a fast path that matches only rows, wide columns and deep rows; anything else
    (attributes in another order, no ``r``, namespace prefixes) is read by a real XML parser.
    """
    try:
        scan = _scan_fast(archive, part, limits)
        if scan is None:  # not the plain spelling: read it properly
            scan = _scan_xml(archive, part, limits)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error):
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


def _scan_fast(archive: zipfile.ZipFile, part: str, limits: Limits) -> SheetScan | None:
    """Matches only what can be extreme; None as soon as a cell is not spelt ``<c r="…``."""
    scan = SheetScan()
    tail = b""
    first = True
    with archive.open(part) as stream:
        for chunk in _chunks(stream):
            data = tail + chunk
            # Up to the last "<": every tag in there is whole; the rest waits for more.
            cut = data.rfind(b"<")
            region, tail = data[:cut], data[cut:]
            if _DTD.search(region):
                raise SheetError("工作表中含有不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝处理")
            if (region.count(b"<c ") != region.count(b'<c r="') or b"<c>" in region
                    or b"<c/>" in region or _PREFIX_MARK.search(region)):
                return None
            # Distinct column letters are few: collect them at C speed, then compare.
            letters = ({m[0] for m in _CELL.findall(region)} if first
                       else set(_WIDE_CELL.findall(region)))
            for column in letters:
                scan.last_column = max(scan.last_column, column_number(column.decode("ascii")))
            first = False
            rows = _ROW.findall(region)
            if rows:
                scan.last_row = max(scan.last_row, max(map(int, rows)))
            for match in _DEEP_CELL.finditer(region):
                scan.last_row = max(scan.last_row, int(match.group(1)))
            if b"<f" in region:
                # A formula cell may continue past the region: look at whole cells only.
                end = region.rfind(b"</c>") + 4
                for match in _FORMULA_CELL.finditer(region[:end]):
                    if _CACHED_VALUE.search(match.group(0)) is None:
                        scan.formulas_without_value.add(cell_position(match.group(1)))
                cell_start = region.rfind(b"<c ", end)
                if cell_start >= 0:
                    tail = region[cell_start:] + tail
            if scan.last_row > limits.max_rows or scan.last_column > limits.max_columns:
                return scan
    if _DTD.search(tail):
        raise SheetError("工作表中含有不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝处理")
    return scan


def _scan_xml(archive: zipfile.ZipFile, part: str, limits: Limits) -> SheetScan:
    """The careful path: a real (non-validating, DTD-refusing) XML parser, positions counted
    the way readers count them when r is missing."""
    import xml.parsers.expat

    scan = SheetScan()
    state = {"row": 0, "column": 0, "formula": False, "value": False, "in_value": False}

    def local(name: str) -> str:
        return name.rpartition(":")[2]

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        ref = next((v for k, v in attrs.items() if local(k) == "r"), None)
        if tag == "row":
            state["row"] = int(ref) if ref and ref.isdigit() else state["row"] + 1
            state["column"] = 0
            scan.last_row = max(scan.last_row, state["row"])
        elif tag == "c":
            if ref and _REF.fullmatch(ref):
                row, column = cell_position(ref.encode("ascii"))
                scan.last_row = max(scan.last_row, row)
                state["column"] = column
            else:
                state["column"] += 1
            scan.last_column = max(scan.last_column, state["column"])
            state["formula"] = state["value"] = False
        elif tag == "f":
            state["formula"] = True
        elif tag == "v":
            state["in_value"] = True

    def text(data: str) -> None:
        if state["in_value"] and data.strip():
            state["value"] = True

    def end(name: str) -> None:
        tag = local(name)
        if tag == "v":
            state["in_value"] = False
        elif tag == "c" and state["formula"] and not state["value"]:
            scan.formulas_without_value.add((state["row"], state["column"]))
        if scan.last_row > limits.max_rows or scan.last_column > limits.max_columns:
            raise _Stop

    def refuse(*args: object) -> None:
        raise SheetError("工作表中含有不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝处理")

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        with archive.open(part) as stream:
            for chunk in _chunks(stream):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError:
        raise SheetError("工作表数据不是有效的 XML（文件已损坏），无法读取") from None
    return scan


class _Stop(Exception):
    """Enough seen: the sheet is over a cap."""


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
    """Text (UTF-8 with or without BOM, or GBK) rather than some other binary."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if any(byte < 0x20 and byte not in (0x09, 0x0A, 0x0D) for byte in head):
        return False
    for encoding in ("utf-8", "gbk"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:  # a character cut off at the end of the sample
                return True
    return False


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
