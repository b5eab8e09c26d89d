"""Hostile and broken files: each is a real archive built in tmp_path (a valid workbook written
by openpyxl, taken apart with zipfile and patched by hand). Each must be refused with one
Chinese sentence before any parser allocates anything, and nothing may be written."""

from __future__ import annotations

import random
import re
import resource
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.sheets.books import cli, company, files, patch_zip, payloads, person, write_records
from ygclient.sheets.importer import import_workbook
from ygclient.sheets.reader import open_sheet
from ygclient.sheets.safety import Limits, SheetError, check_file
from ygclient.store import Store

SHEET = "xl/worksheets/sheet1.xml"
NAME = "阳江市江城区海韵贸易有限公司".encode()  # cell A2 of the base workbook
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A valid two-row CF workbook, as openpyxl writes it (inline strings, no sharedStrings)."""
    return write_records(tmp_path / "base.xlsx", [company(1), person(2)])


@pytest.fixture
def calamine_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stands in for python-calamine: a test fails (instead of the machine running out of
    memory) when a hostile file gets as far as the cell reader."""
    import python_calamine

    calls: list[str] = []

    class Guard:
        @staticmethod
        def from_path(path: str, *args: object, **kwargs: object) -> None:
            calls.append(str(path))
            raise RuntimeError("python-calamine was reached")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Guard)
    return calls


def refused(store: Store, path: Path, needle: str = "", **options: Any) -> str:
    """Import ``path``: it must be refused with one Chinese line and leave the store as it
    was. Returns the message."""
    head = store.audit_head()
    before = len(payloads(store))
    with pytest.raises(SheetError) as caught:
        import_workbook(store, path, mode="valid-rows", **options)
    message = str(caught.value)
    assert CHINESE.search(message) and "\n" not in message, message
    assert needle in message, message
    assert store.audit_head() == head and len(payloads(store)) == before
    return message


def refused_by_cli(capsys: pytest.CaptureFixture[str], path: Path, needle: str = "") -> str:
    before = files(path.parent)
    code, out, err = cli(capsys, "import", str(path))
    assert (code, out) == (2, ""), err
    assert err.startswith("ygclient：") and err.count("\n") == 1, err
    assert "Traceback" not in err and needle in err, err
    assert files(path.parent) == before  # no report, no partial file
    return err


# --- defusedxml ------------------------------------------------------------------------------

def test_refuses_to_run_without_defusedxml(capsys: pytest.CaptureFixture[str], base: Path,
                                           store: Store,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    refused(store, base, "defusedxml")
    refused_by_cli(capsys, base, "defusedxml")


def test_defusedxml_is_active_here() -> None:
    assert openpyxl.DEFUSEDXML is True


# --- XML entities ----------------------------------------------------------------------------

def billion_laughs() -> bytes:
    entities = [b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        entities.append(b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10))
    return b"<!DOCTYPE lolz [" + b"".join(entities) + b"]>"


def external_entity(secret: Path) -> bytes:
    return b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "' + secret.as_uri().encode() + b'">]>'


def with_dtd(dtd: bytes, reference: bytes, padding: bytes = b"") -> Callable[[bytes], bytes]:
    """A sheet or shared-strings part with a DOCTYPE, the first name replaced by an entity."""
    def change(xml: bytes) -> bytes:
        assert xml.count(NAME) == 1
        return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + padding + dtd
                + xml.replace(NAME, reference))
    return change


SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
SST_REL = (b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/'
           b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')


def with_shared_strings(base: Path, target: Path, transform: Callable[[bytes], bytes]) -> Path:
    """The base workbook with its first name moved into xl/sharedStrings.xml (as Excel writes
    strings), that part passed through ``transform``."""
    inline = b'<c r="A2" t="inlineStr"><is><t>' + NAME + b"</t></is></c>"
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
           b'uniqueCount="1"><si><t>' + NAME + b"</t></si></sst>")

    def sheet(xml: bytes) -> bytes:
        assert xml.count(inline) == 1
        return xml.replace(inline, b'<c r="A2" t="s"><v>0</v></c>')

    return patch_zip(base, target, {
        SHEET: sheet,
        "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", SST_TYPE + b"</Types>"),
        "xl/_rels/workbook.xml.rels":
            lambda xml: xml.replace(b"</Relationships>", SST_REL + b"</Relationships>"),
        "xl/sharedStrings.xml": transform(sst)})


def test_a_hand_made_shared_strings_workbook_imports(base: Path, tmp_path: Path,
                                                     store: Store) -> None:
    """The control for the entity tests: the patched archive itself is a good workbook."""
    shared = with_shared_strings(base, tmp_path / "shared.xlsx", lambda sst: sst)
    assert import_workbook(store, shared).imported == 2
    assert payloads(store)[0]["CF_XDR_MC"] == NAME.decode()


@pytest.mark.parametrize("where", ["sheet", "sharedStrings"])
@pytest.mark.parametrize("attack", ["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused(capsys: pytest.CaptureFixture[str], base: Path,
                                         tmp_path: Path, store: Store,
                                         calamine_calls: list[str], where: str,
                                         attack: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    dtd, reference = ((billion_laughs(), b"&lol9;") if attack == "billion-laughs"
                      else (external_entity(secret), b"&xxe;"))
    target = tmp_path / f"{attack}.xlsx"
    if where == "sheet":
        patch_zip(base, target, {SHEET: with_dtd(dtd, reference)})
    else:
        with_shared_strings(base, target, with_dtd(dtd, reference))
    started = time.monotonic()
    message = refused(store, target, "DOCTYPE")
    assert time.monotonic() - started < 2
    assert "TOP-SECRET" not in message and calamine_calls == []
    err = refused_by_cli(capsys, target, "不安全")
    assert "TOP-SECRET" not in err


@pytest.mark.parametrize("where", ["xl/workbook.xml", SHEET])
def test_a_doctype_after_a_long_prolog_is_refused_too(capsys: pytest.CaptureFixture[str],
                                                      base: Path, tmp_path: Path,
                                                      store: Store, where: str) -> None:
    """Comments may stand before a DOCTYPE: looking at the first 4 KB of a part is not enough."""
    padding = b"<!--" + b"-=" * 4000 + b"-->"
    if where == SHEET:
        change = with_dtd(billion_laughs(), b"&lol9;", padding)
    else:
        def change(xml: bytes) -> bytes:
            return (b'<?xml version="1.0" encoding="UTF-8"?>' + padding + billion_laughs()
                    + xml.replace(b'name="Sheet"', b'name="&lol1;"'))
    target = patch_zip(base, tmp_path / "late-doctype.xlsx", {where: change})
    refused(store, target, "DOCTYPE")
    refused_by_cli(capsys, target, "DOCTYPE")


# --- sizes -----------------------------------------------------------------------------------

ZEROS = b"\0" * (20 * 1024 * 1024)


@pytest.mark.parametrize("where", ["extra-part", "sheet"])
def test_a_zip_bomb_is_refused_from_its_declared_sizes(capsys: pytest.CaptureFixture[str],
                                                       base: Path, tmp_path: Path,
                                                       store: Store, calamine_calls: list[str],
                                                       where: str) -> None:
    if where == "extra-part":
        target = patch_zip(base, tmp_path / "bomb.xlsx", {"xl/media/image1.bin": ZEROS})
        bomb = "xl/media/image1.bin"
    else:
        target = patch_zip(base, tmp_path / "bomb.xlsx", {SHEET: lambda xml: xml.replace(
            b"</sheetData>", b"</sheetData>" + b" " * len(ZEROS))})
        bomb = SHEET
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo(bomb)
        assert info.file_size >= 20 * 1024 * 1024 and info.file_size > 100 * info.compress_size
    tracemalloc.start()
    started = time.monotonic()
    try:
        message = refused(store, target, "压缩炸弹")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 2 and peak < 8 * 1024 * 1024
    assert bomb in message and calamine_calls == []
    refused_by_cli(capsys, target, "压缩炸弹")


@pytest.mark.parametrize(("limits", "needle"), [
    (Limits(max_entries=5), "个部件，超过上限"),
    (Limits(max_uncompressed=16 * 1024), "MB 的上限"),
    (Limits(max_file=1024), "过大"),
    (Limits(max_rows=2), "超过 2 行"),
    (Limits(max_columns=10), "超过 10 列"),
], ids=["entries", "uncompressed", "file", "rows", "columns"])
def test_each_limit_refuses(base: Path, store: Store, limits: Limits, needle: str) -> None:
    refused(store, base, needle, limits=limits)
    assert import_workbook(store, base).imported == 2  # the defaults let it through


# --- far corners -----------------------------------------------------------------------------

def far_corner(style: str) -> Callable[[bytes], bytes]:
    """The sheet with one more cell far out, written in one of the ways XML allows."""
    row, column = 1048576, "XFD"
    if style == "plain":  # as openpyxl or Excel write it
        extra = b'<row r="%d"><c r="%s%d" t="n"><v>1</v></c></row>' % (row, column.encode(), row)
    elif style == "attribute-order":  # attributes may come in any order
        extra = (b'<row spans="16384:16384" r="%d"><c t="n" s="0" r="%s%d"><v>1</v></c></row>'
                 % (row, column.encode(), row))
    elif style == "no-r-attribute":  # r is optional: cells follow one another
        extra = (b'<row spans="1:16384" r="%d">' % row
                 + b'<c t="n"><v>1</v></c>' * 16384 + b"</row>")
    else:
        raise AssertionError(style)

    def change(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", extra + b"</sheetData>")
    return change


def prefixed(xml: bytes) -> bytes:
    """The same sheet with a namespace prefix on every element (as some .NET writers do),
    plus the far-corner cell."""
    xml = xml.replace(b'xmlns="http', b'xmlns:x="http')
    xml = re.sub(rb"<(/?)([A-Za-z]+)([\s/>])", rb"<\1x:\2\3", xml)
    return xml.replace(b"</x:sheetData>",
                       b'<x:row r="1048576"><x:c r="XFD1048576" t="n"><x:v>1</x:v></x:c>'
                       b"</x:row></x:sheetData>")


def split_at_read_boundary(xml: bytes) -> bytes:
    """Incompressible padding that puts '<c' at the end of the first 1 MiB read."""
    rng = random.Random(5)
    head, tail = xml.split(b"</sheetData>")
    cell = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
    length = (1 << 20) - len(head) - len(b"<!---->") - len(b'<row r="1048576">') - 2
    padding = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    for _ in range(length))
    xml = head + b"<!--" + padding + b"-->" + cell + b"</sheetData>" + tail
    assert xml.index(b'<c r="XFD') == (1 << 20) - 2
    return xml


@pytest.mark.parametrize("style", ["plain", "attribute-order", "no-r-attribute",
                                   "namespace-prefix", "split-at-read-boundary"])
def test_a_far_corner_cell_is_refused_before_the_reader_allocates(
        capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, store: Store,
        calamine_calls: list[str], style: str) -> None:
    """A dense reader sizes its grid from the extreme cells: XFD1048576 means 17 billion
    cells. The streaming scan must find that cell however the XML spells it."""
    change = {"namespace-prefix": prefixed,
              "split-at-read-boundary": split_at_read_boundary}.get(style) or far_corner(style)
    target = patch_zip(base, tmp_path / "far.xlsx", {SHEET: change})
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(SheetError) as caught:
            open_sheet(target, store.catalog)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert calamine_calls == [], f"the reader was reached: {caught.value}"
    assert time.monotonic() - started < 2
    assert peak < 16 * 1024 * 1024
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 200 * 1024
    assert "列" in str(caught.value) or "行" in str(caught.value)
    refused_by_cli(capsys, target)
    assert calamine_calls == []


def test_a_lying_dimension_is_harmless(base: Path, tmp_path: Path) -> None:
    """<dimension> claims the whole grid, the cells are two rows: the file reads normally.
    (In a child process with an address-space limit, in case a reader trusts the claim.)"""
    target = patch_zip(base, tmp_path / "dimension.xlsx", {SHEET: lambda xml: re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)})
    with zipfile.ZipFile(target) as archive:
        assert b'<dimension ref="A1:XFD1048576"' in archive.read(SHEET)
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))\n"
        "from pathlib import Path\n"
        "from ygclient.catalog import bundled_catalog\n"
        "from ygclient.sheets.reader import open_sheet\n"
        "sheet = open_sheet(Path(sys.argv[1]), bundled_catalog())\n"
        "try:\n"
        "    print(sheet.item.code, sum(1 for _ in sheet.rows()))\n"
        "finally:\n"
        "    sheet.close()\n")
    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert done.stdout.split() == [b"CF", b"2"]


# --- not a workbook, or a broken one ---------------------------------------------------------

def local_data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    return int(info.header_offset + 30 + name_length + extra_length)


def broken(kind: str, base: Path, tmp_path: Path) -> Path:
    target = tmp_path / f"{kind}.xlsx"
    data = base.read_bytes()
    if kind == "empty":
        target.write_bytes(b"")
    elif kind == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif kind == "legacy-xls":
        target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook")
    elif kind == "encrypted-ole":
        target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
                           + "EncryptedPackage".encode("utf-16-le"))
    elif kind == "csv-renamed":
        target.write_bytes("行政相对人名称,行政处罚决定书文号\n林小梅,阳市监罚〔2026〕1号\n"
                           .encode())
    elif kind == "random-binary":
        noise = random.Random(7).randbytes(4096)
        assert not noise.startswith((b"PK", b"\xd0\xcf"))
        target.write_bytes(noise)
    elif kind == "zip-not-a-workbook":
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("word/document.xml", "<document/>")
    elif kind == "encrypted-zip-entry":
        end = data.rindex(b"PK\x05\x06")
        directory = struct.unpack_from("<I", data, end + 16)[0]
        flags = struct.unpack_from("<H", data, directory + 8)[0]
        target.write_bytes(data[:directory + 8] + struct.pack("<H", flags | 1)
                           + data[directory + 10:])
    elif kind == "bad-crc":
        patch_zip(base, target, {}, compression=zipfile.ZIP_STORED)
        stored = bytearray(target.read_bytes())
        with zipfile.ZipFile(target) as archive:
            start = local_data_offset(bytes(stored), archive.getinfo(SHEET))
        at = stored.index(NAME, start)
        stored[at:at + 3] = "江".encode()
        target.write_bytes(bytes(stored))
    elif kind == "workbook-xml-cut":
        patch_zip(base, target, {"xl/workbook.xml": lambda xml: xml[: len(xml) // 2]})
    elif kind == "corrupt-deflate":
        with zipfile.ZipFile(base) as archive:
            start = local_data_offset(data, archive.getinfo(SHEET))
        spoiled = bytearray(data)
        for index in range(start + 8, start + 48):
            spoiled[index] ^= 0x5A
        target.write_bytes(bytes(spoiled))
    else:
        raise AssertionError(kind)
    return target


@pytest.mark.parametrize(("kind", "needle"), [
    pytest.param("empty", "是空的", id="empty"),
    pytest.param("truncated", "已损坏或不完整", id="truncated"),
    pytest.param("legacy-xls", "旧版 .xls", id="legacy-xls"),
    pytest.param("encrypted-ole", "设置了打开密码", id="encrypted-ole"),
    pytest.param("csv-renamed", "不是 Excel 工作簿", id="csv-renamed"),
    pytest.param("random-binary", "不是 Excel 工作簿", id="random-binary"),
    pytest.param("zip-not-a-workbook", "缺少 xl/workbook.xml", id="zip-not-a-workbook"),
    pytest.param("encrypted-zip-entry", "已加密", id="encrypted-zip-entry"),
    pytest.param("bad-crc", "损坏", id="bad-crc"),
    pytest.param("workbook-xml-cut", "损坏", id="workbook-xml-cut"),
    pytest.param("corrupt-deflate", "损坏", id="corrupt-deflate"),
])
def test_each_corrupt_kind_gets_one_clear_message(capsys: pytest.CaptureFixture[str],
                                                   base: Path, tmp_path: Path, store: Store,
                                                   kind: str, needle: str) -> None:
    target = broken(kind, base, tmp_path)
    message = refused(store, target, needle)
    if kind not in ("bad-crc", "corrupt-deflate"):
        assert target.name in message
    refused_by_cli(capsys, target, needle)


@pytest.mark.parametrize(("content", "looks_like_text"), [
    ("行政相对人名称,文号\n林小梅,1\n".encode(), True),
    ("行政相对人名称,文号\n林小梅,1\n".encode("utf-8-sig"), True),  # Excel's "CSV UTF-8"
    ("行政相对人名称,文号\n林小梅,1\n".encode("gbk"), True),  # Excel's CSV on Chinese Windows
    ("名称,文号\n".encode("gbk"), True),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), False),
    (bytes(64), False),
], ids=["utf-8", "utf-8-bom", "gbk", "gbk-short", "png", "zeros"])
def test_the_csv_hint_is_given_for_text_only(tmp_path: Path, content: bytes,
                                             looks_like_text: bool) -> None:
    target = tmp_path / "data.xlsx"
    target.write_bytes(content)
    with pytest.raises(SheetError) as caught:
        check_file(target)
    assert "不是 Excel 工作簿" in str(caught.value)
    assert ("CSV" in str(caught.value)) == looks_like_text, str(caught.value)
