"""Import through the core API: header mapping, cell coercion, duplicates, modes, batches,
progress, cancelling and resuming, rollback. Every case is a real file in tmp_path."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.sheets.books import (
    CF_KEYS,
    TODAY,
    Formula,
    cn_id,
    company,
    patch_zip,
    payloads,
    person,
    record_count,
    row_of,
    stored_rows,
    uscc,
    write_book,
    write_records,
)
from ygclient.catalog import Catalog
from ygclient.clock import FixedClock
from ygclient.progress import Cancelled, CancelToken, Progress
from ygclient.sheets.importer import ImportResult, import_workbook
from ygclient.sheets.reader import file_sha256
from ygclient.sheets.safety import SheetError
from ygclient.store import State, Store, TransitionError
from ygclient.store.db import open_database

# --- which item, which columns ---------------------------------------------------------------

# Legacy 2015/16 names, labels, keys; spaces, full-width forms, * marks and (必填) around them.
MIXED_HEADERS = {
    "CF_XDR_MC": "行政相对人名称",
    "CF_XDR_LB": "ＣＦ＿ＸＤＲ＿ＬＢ",
    "CF_XDR_SHXYM": "统一社会信用代码",
    "CF_FRDB": " CF_FR ",
    "CF_XDR_ZJLX": "证件类型",
    "CF_XDR_ZJHM": "居民身份证号",
    "CF_WSH": "  行政处罚决定书文号　",
    "CF_WFXW": "CF_CFMC",
    "CF_SY": "处罚事由",
    "CF_YJ": "cf_yj",
    "CF_NR": "处罚结果",
    "CF_NR_FK": "罚款金额（万元）",
    "CF_JDRQ": "*处罚决定日期",
    "CF_YXQ": "处罚有效期（必填）",
    "CF_GSJZQ": "＊公示截止期",
    "CF_CFJG": "CF_XZJG",
    "CF_CFJGDM": "处罚机关统一社会信用代码",
    "CF_SJLY": "数据来源单位",
    "CF_SJLYDM": "CF_SJLYDM",
}


def test_headers_by_key_label_or_legacy_name_in_any_order(tmp_path: Path, store: Store) -> None:
    fields = list(MIXED_HEADERS)[::-1]  # column order is not the catalog's
    headers = [MIXED_HEADERS[f] for f in fields] + ["CF_CFLB1", "处罚类别2", "经办人"]

    def row(record: dict[str, Any], first: str, second: str | None) -> list[Any]:
        return [record.get(f) for f in fields] + [first, second, "王五"]

    path = write_book(tmp_path / "legacy.xlsx", headers, [
        row(company(1), "警告", "罚款"),
        row(person(2), "警告", None),
    ])
    result = import_workbook(store, path)
    assert result.item == "CF"  # no metadata: the headers tell
    assert result.unknown_columns == ["经办人"]
    assert (result.rows, result.invalid, result.imported) == (2, 0, 2), result.errors
    first, second = payloads(store)
    assert first["CF_CFLB"] == ["警告", "罚款"]  # CF_CFLB1 + 处罚类别2 merged
    assert first["CF_FRDB"] == "陈海" and first["CF_WFXW"] == "销售不符合食品安全标准的食品"
    assert second["CF_XDR_ZJHM"] == "441702199506151231" and second["CF_CFLB"] == ["警告"]
    assert {k: v for k, v in first.items() if k != "CF_CFLB"} == \
        {k: v for k, v in store.validator("CF").validate(company(1)).normalized.items()
         if k != "CF_CFLB" and v is not None}


@pytest.mark.parametrize("header", ["CF_XDR_SFZ", "居民身份证号", "证件号码", "CF_XDR_ZJHM",
                                    " ｃｆ＿ｘｄｒ＿ｓｆｚ "])
def test_legacy_id_number_headers(tmp_path: Path, store: Store, header: str) -> None:
    keys = [header if k == "CF_XDR_ZJHM" else k for k in CF_KEYS]
    path = write_book(tmp_path / "id.xlsx", keys, [row_of(person(1))])
    result = import_workbook(store, path)
    assert result.imported == 1 and result.unknown_columns == []
    assert payloads(store)[0]["CF_XDR_ZJHM"] == "441702199506151231"


def test_the_item_from_headers_needs_enough_of_them(tmp_path: Path, store: Store) -> None:
    path = write_book(tmp_path / "ambiguous.xlsx", ["行政相对人名称", "行政相对人类别"],
                      [["林小梅", "自然人"]])
    with pytest.raises(SheetError, match="无法从列名判断.*--item"):
        import_workbook(store, path)
    assert store.find_import(file_sha256(path)) is None


def test_a_missing_required_column_is_a_file_level_error(tmp_path: Path, store: Store) -> None:
    keys = [k for k in CF_KEYS if k not in ("CF_WSH", "CF_YJ")]
    path = write_records(tmp_path / "missing.xlsx", [company(1)], keys,
                         titles=["行政处罚信息", "填报单位：市场监管局"])
    head = store.audit_head()
    with pytest.raises(SheetError) as caught:
        import_workbook(store, path, mode="valid-rows")
    message = str(caught.value)
    assert "缺少必填列" in message and "行政处罚决定书文号" in message and "处罚依据" in message
    assert "第 3 行" in message  # where the header row is
    assert "\n" not in message
    assert record_count(store) == 0 and store.audit_head() == head
    assert store.find_import(file_sha256(path)) is None


def test_two_columns_for_one_field_are_refused(tmp_path: Path, store: Store) -> None:
    path = write_book(tmp_path / "twice.xlsx", [*CF_KEYS, "行政处罚决定书文号"],
                      [[*row_of(company(1)), "别的文号"]])
    with pytest.raises(SheetError, match="两列都对应信息项「行政处罚决定书文号」"):
        import_workbook(store, path)
    assert record_count(store) == 0


def test_item_option_overrides_guessing(tmp_path: Path, store: Store) -> None:
    path = write_records(tmp_path / "cf.xlsx", [company(1)])
    with pytest.raises(SheetError, match="缺少必填列"):
        import_workbook(store, path, item="YZSX")
    assert import_workbook(store, path, item="CF").imported == 1


# --- cells -----------------------------------------------------------------------------------

def one_row(tmp_path: Path, store: Store, field: str, value: Any,
            record: dict[str, Any] | None = None) -> ImportResult:
    """A file of one record whose ``field`` cell holds ``value``, imported row by row."""
    record = dict(record or company(1))
    record[field] = value
    path = write_records(tmp_path / "one.xlsx", [record])
    return import_workbook(store, path, mode="valid-rows")


@pytest.mark.parametrize("value", [
    dt.date(2026, 3, 5),  # a real Excel date
    dt.datetime(2026, 3, 5, 14, 30),  # a date with a time of day
    46086,  # the serial number, as a plain number cell
    46086.0,
    "2026-03-05", "2026/3/5", "2026/03/05", "2026.03.05", "2026.3.5", "2026年3月5日",
    "2026 年 3 月 5 日", "20260305", "2026-03-05 00:00:00", "2026-03-05T00:00:00",
    "２０２６－０３－０５", "2026-3-5", " 2026-03-05 ",
], ids=repr)
def test_dates_in_every_accepted_form(tmp_path: Path, store: Store, value: Any) -> None:
    result = one_row(tmp_path, store, "CF_JDRQ", value)
    assert (result.invalid, result.imported) == (0, 1), result.errors
    assert payloads(store)[0]["CF_JDRQ"] == "2026-03-05"


@pytest.mark.parametrize(("value", "needle"), [
    ("2026-02-30", "2026年没有2月30日"),
    ("2026/13/01", "不是有效日期"),
    ("明天", "不是可识别的日期"),
    ("03/05/2026", "不是可识别的日期"),
    (12, "超出可用范围"),
    (True, "真/假"),
], ids=repr)
def test_dates_that_are_not(tmp_path: Path, store: Store, value: Any, needle: str) -> None:
    result = one_row(tmp_path, store, "CF_JDRQ", value)
    assert (result.invalid, result.imported) == (1, 0)
    [error] = result.errors
    assert (error.row, error.field, error.code) == (2, "CF_JDRQ", "date")
    assert needle in error.message and "处罚决定日期" in error.message


@pytest.mark.parametrize(("field", "record", "number"), [
    ("CF_XDR_ZJHM", person(1), 441702199506151231),
    ("CF_CFJGDM", company(1), 114417000070012332),
    ("CF_SJLYDM", company(1), 114417000070012332.0),
    ("CF_XDR_SHXYM", company(1, CF_XDR_SHXYM="914417001234567890"), 914417001234567890),
], ids=["id-number", "uscc", "uscc-float", "subject-uscc"])
def test_an_eighteen_digit_code_stored_as_a_number_is_an_error(
        tmp_path: Path, store: Store, field: str, record: dict[str, Any], number: Any) -> None:
    """Excel keeps 15 significant digits: the cell has lost digits; it is never converted."""
    result = one_row(tmp_path, store, field, number, record)
    assert (result.invalid, result.imported) == (1, 0)
    [error] = [e for e in result.errors if e.field == field]
    assert (error.row, error.code) == (2, "number_as_code")
    assert "丢失位数" in error.message and "文本" in error.message
    assert record_count(store) == 0


@pytest.mark.parametrize(("field", "value", "stored"), [
    ("CF_WSH", 12345, "12345"),  # a document number typed as a number
    ("CF_XDR_GSZC", 440700000012345, "440700000012345"),  # 15 digits still exact
    ("CF_NR_FK", 0.2, "0.2"),
    ("CF_NR_FK", "0.2万元", "0.2"),
    ("CF_NR_FK", "０．２", "0.2"),
    ("CF_XDR_SHXYM", " 91441700ma4w12346h ", "91441700MA4W12346H"),
    ("CF_XDR_LB", "法人", "法人及非法人组织"),
    ("CF_CFLB", "警告；罚款", ["警告", "罚款"]),
], ids=repr)
def test_other_cells_are_coerced(tmp_path: Path, store: Store, field: str, value: Any,
                                 stored: Any) -> None:
    result = one_row(tmp_path, store, field, value)
    assert result.imported == 1, result.errors
    assert payloads(store)[0][field] == stored


def test_a_formula_without_a_cached_value_is_an_error(tmp_path: Path, store: Store) -> None:
    path = write_records(tmp_path / "formula.xlsx", [
        company(1), company(2, CF_NR_FK=Formula("=0.1+0.1")),
        company(3, CF_WFXW=Formula('=CONCATENATE("销售","过期食品")')),
    ])
    result = import_workbook(store, path, mode="valid-rows")
    assert (result.valid, result.invalid, result.imported) == (1, 2, 1)
    formula_errors = [(e.row, e.field) for e in result.errors
                      if e.code == "formula_without_value"]
    assert formula_errors == [(3, "CF_NR_FK"), (4, "CF_WFXW")]
    message = next(e.message for e in result.errors if e.code == "formula_without_value")
    assert "公式" in message and "没有计算结果" in message and "罚款金额（万元）" in message


def test_a_formula_with_a_cached_value_is_read_as_its_value(tmp_path: Path,
                                                           store: Store) -> None:
    plain = write_records(tmp_path / "plain.xlsx", [company(1, CF_NR_FK=Formula("=0.1+0.1"))])
    cached = patch_zip(plain, tmp_path / "cached.xlsx", {
        "xl/worksheets/sheet1.xml": lambda xml: xml.replace(
            b"<f>0.1+0.1</f><v />", b"<f>0.1+0.1</f><v>0.2</v>")})
    result = import_workbook(store, cached)
    assert result.imported == 1, result.errors
    assert payloads(store)[0]["CF_NR_FK"] == "0.2"


def test_blank_rows_are_skipped_and_row_numbers_are_the_workbooks(tmp_path: Path,
                                                                 store: Store) -> None:
    path = write_records(tmp_path / "titled.xlsx", [
        company(1),  # row 4
        None,  # row 5
        company(2, CF_XDR_MC=None),  # row 6
        None, None,  # rows 7, 8
        company(3, CF_NR_FK=Formula("=1/10")),  # row 9
        company(4),  # row 10
    ], titles=["阳江市行政处罚信息汇总表", "填报单位：阳江市市场监督管理局"])
    result = import_workbook(store, path, mode="valid-rows")
    assert result.rows == 4  # blank rows are not rows
    assert {(e.row, e.field, e.code) for e in result.errors} >= {
        (6, "CF_XDR_MC", "required"), (9, "CF_NR_FK", "formula_without_value")}
    assert {e.row for e in result.errors} == {6, 9}
    assert stored_rows(store) == [4, 10]


def test_row_numbers_when_the_data_starts_below_and_right_of_a1(tmp_path: Path,
                                                               store: Store) -> None:
    """Header on C3 with nothing above or left of it: rows and cells are still the sheet's."""
    path = write_records(tmp_path / "offset.xlsx", [
        company(1),  # row 4
        company(2, CF_NR_FK=Formula("=0.1+0.1")),  # row 5
        company(3, CF_XDR_LB="外星人"),  # row 6
    ], first_row=3, first_column=3)
    result = import_workbook(store, path, mode="valid-rows")
    assert {(e.row, e.field, e.code) for e in result.errors} >= {
        (5, "CF_NR_FK", "formula_without_value"), (6, "CF_XDR_LB", "code")}
    assert {e.row for e in result.errors} == {5, 6}
    assert stored_rows(store) == [4]


# --- duplicates, the same file twice ---------------------------------------------------------

def test_duplicates_inside_the_file(tmp_path: Path, store: Store) -> None:
    rows = [company(1), company(2), company(1, CF_SY="同一文号同一主体"),
            company(2, CF_XDR_SHXYM=uscc(7))]  # same document, another subject: not a duplicate
    path = write_records(tmp_path / "dups.xlsx", rows)
    result = import_workbook(store, path)
    assert (result.valid, result.duplicates, result.imported) == (3, 1, 0)
    assert result.batch_id is None and record_count(store) == 0  # all or nothing
    [error] = result.errors
    assert (error.row, error.code) == (4, "duplicate_in_file")
    assert "与第 2 行重复" in error.message and "阳市监罚〔2026〕1号" in error.message

    again = import_workbook(store, path, mode="valid-rows")
    assert (again.valid, again.duplicates, again.imported) == (3, 1, 3)
    assert stored_rows(store) == [2, 3, 5]


def test_duplicates_against_the_store(tmp_path: Path, store: Store) -> None:
    first = write_records(tmp_path / "first.xlsx", [company(1), person(2)])
    assert import_workbook(store, first).imported == 2
    second = write_records(tmp_path / "second.xlsx", [
        company(3), company(1, CF_SY="改过的事实"), person(2, CF_XDR_ZJHM=cn_id(5)),
        person(2, CF_NR="警告（重复）")])
    result = import_workbook(store, second)
    assert (result.duplicates, result.imported) == (2, 0)
    assert [(e.row, e.code) for e in result.errors] == [
        (3, "duplicate_in_store"), (5, "duplicate_in_store")]
    assert "本机已有" in result.errors[0].message
    assert record_count(store) == 2

    kept = import_workbook(store, second, mode="valid-rows")
    assert (kept.valid, kept.duplicates, kept.imported) == (2, 2, 2)
    assert record_count(store) == 4


def test_the_same_file_twice_doubles_nothing(tmp_path: Path, store: Store) -> None:
    path = write_records(tmp_path / "once.xlsx", [company(1), company(2), person(3)])
    first = import_workbook(store, path)
    assert first.imported == 3 and first.batch_id is not None
    head = store.audit_head()
    for again in (path, Path(shutil.copy(path, tmp_path / "renamed copy.xlsx"))):
        result = import_workbook(store, again)
        assert result.already_imported == {"batch": first.batch_id, "by": "clerk",
                                           "at": "2026-11-26T09:00:00+08:00", "imported": 3}
        assert result.imported == 0 and result.batch_id is None
    assert record_count(store) == 3 and store.audit_head() == head
    assert store.import_batch(first.batch_id).state == "done"


def test_a_rolled_back_file_can_be_imported_again(tmp_path: Path, store: Store) -> None:
    path = write_records(tmp_path / "back.xlsx", [company(1), company(2)])
    first = import_workbook(store, path)
    assert first.batch_id is not None
    assert store.rollback_import(first.batch_id) == 2
    assert record_count(store) == 0 and store.find_import(file_sha256(path)) is None
    second = import_workbook(store, path)
    assert second.imported == 2 and second.batch_id != first.batch_id
    assert store.verify_audit().ok


# --- modes, dry run, queue -------------------------------------------------------------------

def mixed_file(tmp_path: Path) -> Path:
    return write_records(tmp_path / "mixed.xlsx", [
        company(1), company(2, CF_XDR_LB="外星人"), person(3), company(4, CF_JDRQ="明天"),
        company(5)])


def test_dry_run_writes_nothing(tmp_path: Path, store: Store) -> None:
    path = mixed_file(tmp_path)
    head = store.audit_head()
    for mode in ("all-or-nothing", "valid-rows"):
        result = import_workbook(store, path, mode=mode, dry_run=True)
        assert result.dry_run and result.batch_id is None
        assert (result.rows, result.valid, result.invalid, result.imported) == (5, 3, 2, 0)
    assert record_count(store) == 0 and store.audit_head() == head
    assert store.find_import(file_sha256(path)) is None
    # A dry run does not count as having imported the file.
    assert import_workbook(store, path, mode="valid-rows").imported == 3


def test_all_or_nothing_stores_nothing_when_any_row_fails(tmp_path: Path,
                                                         store: Store) -> None:
    path = mixed_file(tmp_path)
    head = store.audit_head()
    result = import_workbook(store, path)
    assert result.mode == "all-or-nothing"
    assert (result.valid, result.invalid, result.imported, result.batch_id) == (3, 2, 0, None)
    assert [(e.row, e.field) for e in result.errors] == [(3, "CF_XDR_LB"), (5, "CF_JDRQ")]
    assert record_count(store) == 0 and store.audit_head() == head
    assert store.find_import(file_sha256(path)) is None


def test_valid_rows_stores_the_good_ones(tmp_path: Path, store: Store) -> None:
    path = mixed_file(tmp_path)
    result = import_workbook(store, path, mode="valid-rows")
    assert (result.valid, result.invalid, result.imported) == (3, 2, 3)
    assert stored_rows(store) == [2, 4, 6]
    assert result.batch_id is not None
    batch = store.import_batch(result.batch_id)
    assert (batch.state, batch.mode, batch.actor, batch.file_name) == (
        "done", "valid-rows", "clerk", "mixed.xlsx")
    assert (batch.rows_valid, batch.rows_invalid, batch.rows_imported) == (3, 2, 3)
    assert batch.file_sha256 == file_sha256(path)
    assert {v.state for v in store.list_records().rows} == {State.READY}
    assert store.verify_audit().ok


def test_an_unknown_mode_is_refused(tmp_path: Path, store: Store) -> None:
    with pytest.raises(ValueError):
        import_workbook(store, mixed_file(tmp_path), mode="some-rows")


@pytest.mark.parametrize("mode", ["all-or-nothing", "valid-rows"])
def test_queue_puts_imported_records_in_the_outbox(tmp_path: Path, store: Store,
                                                   mode: str) -> None:
    path = write_records(tmp_path / "queue.xlsx", [company(1), person(2), company(3)])
    result = import_workbook(store, path, mode=mode, queue=True)
    assert result.imported == 3
    assert {v.state for v in store.list_records().rows} == {State.QUEUED}
    assert store.pending_operations() == 3
    assert store.verify_audit().ok


def test_without_queue_nothing_is_sent(tmp_path: Path, store: Store) -> None:
    import_workbook(store, write_records(tmp_path / "q.xlsx", [company(1)]))
    assert store.pending_operations() == 0


def test_rollback_removes_an_unsent_batch_only(tmp_path: Path, store: Store) -> None:
    kept = import_workbook(store, write_records(tmp_path / "kept.xlsx", [company(9)]))
    batch = import_workbook(store, write_records(tmp_path / "b.xlsx", [company(1), company(2)]),
                            queue=True)
    assert batch.batch_id is not None and kept.batch_id is not None
    assert store.rollback_import(batch.batch_id) == 2
    assert [p["CF_WSH"] for p in payloads(store)] == ["阳市监罚〔2026〕9号"]
    assert store.pending_operations() == 0
    assert store.import_batch(batch.batch_id).state == "rolled_back"
    assert store.verify_audit().ok

    store.submit([v.id for v in store.list_records().rows])
    assert store.claim_outbox()  # sent: its revision is frozen
    with pytest.raises(TransitionError, match="已有 1 条记录报送过"):
        store.rollback_import(kept.batch_id)
    assert record_count(store) == 1


# --- progress, cancelling, resuming ----------------------------------------------------------

def test_progress_reports_done_and_total(tmp_path: Path, store: Store) -> None:
    path = write_records(tmp_path / "p.xlsx", [company(n) for n in range(25)])
    seen: list[Progress] = []
    result = import_workbook(store, path, progress=seen.append, chunk=10)
    assert result.imported == 25
    assert seen, "no progress at all"
    assert all(p.phase == "import" and p.total is not None and 0 <= p.done <= p.total
               for p in seen)
    assert seen[0].done == 0 and seen[0].total == 25
    assert (seen[-1].done, seen[-1].total) == (25, 25)
    assert {"done", "total"} <= set(seen[-1].to_dict())


@pytest.mark.parametrize("mode", ["all-or-nothing", "valid-rows"])
def test_cancel_stops_between_chunks_and_the_next_run_resumes(
        tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    path = write_records(tmp_path / "long.xlsx", [company(n) for n in range(35)])
    token = CancelToken()
    store_chunk = store.import_rows

    def then_cancel(*args: Any, **kwargs: Any) -> list[str]:
        ids = store_chunk(*args, **kwargs)
        token.cancel()  # the clerk presses 取消 while the first chunk is being stored
        return ids

    monkeypatch.setattr(store, "import_rows", then_cancel)
    with pytest.raises(Cancelled):
        import_workbook(store, path, mode=mode, cancel=token, chunk=10)
    monkeypatch.undo()
    assert stored_rows(store) == list(range(2, 12))  # the whole first chunk, nothing more
    batch = store.find_import(file_sha256(path))
    assert batch is not None and batch.state == "running" and batch.rows_imported == 10
    assert store.verify_audit().ok

    result = import_workbook(store, path, mode=mode, chunk=10)
    assert result.already_imported is None
    assert (result.resumed_rows, result.imported, result.batch_id) == (10, 25, batch.id)
    assert stored_rows(store) == list(range(2, 37))  # every row exactly once
    assert store.import_batch(batch.id).state == "done"
    assert store.import_batch(batch.id).rows_imported == 35
    assert import_workbook(store, path, mode=mode).already_imported is not None


def test_a_resumed_batch_counts_each_row_once(tmp_path: Path, store: Store,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's counters (rows valid / invalid / duplicate) must not count a row of the
    chunks stored before the interruption a second time."""
    records: list[dict[str, Any]] = [company(n) for n in range(30)]
    records[3] = company(3, CF_XDR_MC=None)  # invalid, in the first chunk
    records[4] = company(2)  # duplicate of row 4, in the first chunk
    records[25] = company(25, CF_XDR_LB="外星人")  # invalid, after the interruption
    path = write_records(tmp_path / "counted.xlsx", records)
    token = CancelToken()
    store_chunk = store.import_rows

    def then_cancel(*args: Any, **kwargs: Any) -> list[str]:
        ids = store_chunk(*args, **kwargs)
        token.cancel()
        return ids

    monkeypatch.setattr(store, "import_rows", then_cancel)
    with pytest.raises(Cancelled):
        import_workbook(store, path, mode="valid-rows", cancel=token, chunk=10)
    monkeypatch.undo()
    result = import_workbook(store, path, mode="valid-rows", chunk=10)
    assert result.batch_id is not None
    assert len(set(stored_rows(store))) == len(stored_rows(store)) == 27
    batch = store.import_batch(result.batch_id)
    assert (batch.rows_imported, batch.rows_valid, batch.rows_invalid, batch.rows_duplicate) \
        == (27, 27, 2, 1)


# --- the same on PostgreSQL (a shared office database) ---------------------------------------

def test_import_on_postgresql(pg_url: str, tmp_path: Path, catalog: Catalog,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(open_database(pg_url, None), catalog, actor="clerk", clock=FixedClock(TODAY))
    try:
        path = write_records(tmp_path / "pg.xlsx",
                             [company(n) for n in range(25)] + [company(3), person(40)])
        import_workbook(store, write_records(tmp_path / "earlier.xlsx", [person(40)]))
        token = CancelToken()
        store_chunk = store.import_rows

        def then_cancel(*args: Any, **kwargs: Any) -> list[str]:
            ids = store_chunk(*args, **kwargs)
            token.cancel()
            return ids

        monkeypatch.setattr(store, "import_rows", then_cancel)
        with pytest.raises(Cancelled):
            import_workbook(store, path, mode="valid-rows", cancel=token, chunk=10)
        monkeypatch.undo()
        result = import_workbook(store, path, mode="valid-rows", chunk=10)
        assert (result.resumed_rows, result.imported, result.duplicates) == (10, 15, 2)
        # Row 27 repeats row 5, stored before the interruption: a duplicate either way.
        assert [e.row for e in result.errors] == [27, 28]
        assert result.errors[1].code == "duplicate_in_store"
        assert stored_rows(store) == [2, *range(2, 27)]  # earlier.xlsx row 2, then these
        assert import_workbook(store, path).already_imported is not None
        assert result.batch_id is not None
        assert store.rollback_import(result.batch_id) == 25
        assert record_count(store) == 1 and store.verify_audit().ok
    finally:
        store.close()
