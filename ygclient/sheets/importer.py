"""Bulk import of a workbook into the store: every row through the one validation engine.

Rows are stored in chunks, each one transaction together with the import batch's counters,
so a crash leaves whole chunks or nothing; running the same import again resumes the batch,
and a finished file imported twice (same SHA-256) is recognised and nothing is doubled.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ygclient.catalog import Issue, ValidationResult
from ygclient.heap import drop
from ygclient.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    Throttled,
    ignore_progress,
)
from ygclient.sheets.reader import ParsedSheet, open_sheet
from ygclient.sheets.safety import DEFAULT_LIMITS, Limits
from ygclient.store import Store

MODES = ("all-or-nothing", "valid-rows")
# Rows per transaction. Each commit costs an fsync (about 20 ms with the encrypted store), so
# chunks of 1,000 spent a seventh of a 100,000-row import committing; lists read while an
# import writes (WAL, deferred reads), so a longer chunk does not hold the window up.
CHUNK = 5000
MAX_REPORTED_ROWS = 100_000  # failing rows kept for the report; counts go on beyond


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    field: str | None
    column: str | None  # the header as the file has it
    code: str
    message: str
    severity: str = "error"

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "column": self.column, "code": self.code,
                "message": self.message, "severity": self.severity}


@dataclass
class FailedRow:
    row: int
    cells: list[Any]
    errors: list[RowError]


@dataclass
class ImportResult:
    file: str
    sheet: str = ""
    item: str = ""
    mode: str = "all-or-nothing"
    dry_run: bool = False
    batch_id: str | None = None
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    duplicates: int = 0
    imported: int = 0
    resumed_rows: int = 0
    warnings: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    already_imported: dict[str, Any] | None = None
    catalog_note: str | None = None
    report: str | None = None
    failed_rows: list[FailedRow] = field(default_factory=list, repr=False)
    # (header, index of its cell in a row's cells) for every column with a header
    headers: list[tuple[str, int]] = field(default_factory=list, repr=False)

    @property
    def clean(self) -> bool:
        return self.invalid == 0 and self.duplicates == 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("failed_rows")
        data.pop("headers")
        data["errors"] = [e.to_dict() for e in self.errors]
        return data


def import_workbook(store: Store, path: Path, *, item: str | None = None,
                    sheet: str | None = None, mode: str = "all-or-nothing",
                    dry_run: bool = False, queue: bool = False,
                    progress: ProgressCallback = ignore_progress,
                    cancel: CancelToken | None = None, limits: Limits = DEFAULT_LIMITS,
                    chunk: int = CHUNK) -> ImportResult:
    """Import ``path``; the result says what happened row by row (nothing raised for bad rows)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    cancel = cancel or CancelToken()
    report = Throttled(progress)
    parsed = open_sheet(path, store.catalog, item_code=item, sheet_name=sheet, limits=limits)
    try:
        result = ImportResult(file=str(path), sheet=parsed.sheet_name, item=parsed.item.code,
                              mode=mode, dry_run=dry_run, unknown_columns=parsed.unknown_columns,
                              headers=[(c.header, c.index) for c in parsed.columns])
        if parsed.template_version and parsed.template_version != store.catalog.version:
            result.catalog_note = (f"模板按目录版本 {parsed.template_version} 生成，当前目录为 "
                                   f"{store.catalog.version}；已按当前目录校验")
        previous = store.find_import(parsed.sha256)
        if previous is not None and previous.state == "done" and not dry_run:
            result.already_imported = {"batch": previous.id, "at": previous.started_at,
                                       "by": previous.actor, "imported": previous.rows_imported}
            return result
        # valid-rows and dry runs: one pass. All or nothing: check every row first …
        _run(store, parsed, result, queue=queue, store_rows=not dry_run and mode == "valid-rows",
             previous=previous, progress=report, cancel=cancel, chunk=chunk)
    finally:
        parsed.close()
    if mode == "all-or-nothing" and not dry_run and result.clean:
        # … and store only a clean file, in a second pass.
        stored = ImportResult(file=result.file, mode=mode)
        _run(store, open_sheet(path, store.catalog, item_code=item, sheet_name=sheet,
                               limits=limits),
             stored, queue=queue, store_rows=True, previous=previous, progress=report,
             cancel=cancel, chunk=chunk, close=True)
        result.batch_id, result.imported = stored.batch_id, stored.imported
        result.resumed_rows = stored.resumed_rows
    return result


def _run(store: Store, parsed: ParsedSheet, result: ImportResult, *, queue: bool,
         store_rows: bool, previous: Any, progress: ProgressCallback, cancel: CancelToken,
         chunk: int, close: bool = False) -> None:
    try:
        _import(store, parsed, result, queue=queue, store_rows=store_rows, previous=previous,
                progress=progress, cancel=cancel, chunk=chunk)
    finally:
        if close:
            parsed.close()


def _import(store: Store, parsed: ParsedSheet, result: ImportResult, *, queue: bool,
            store_rows: bool, previous: Any, progress: ProgressCallback, cancel: CancelToken,
            chunk: int) -> None:
    item = parsed.item
    validator = store.validator(item.code)
    batch_id = None
    done_rows: set[int] = set()
    resuming = previous is not None and previous.state == "running"
    if resuming:  # an interrupted import of the same file: its stored rows are done
        done_rows = store.imported_rows(previous.id)
    if store_rows:
        if resuming:
            batch_id = previous.id
        else:
            batch_id = store.start_import(file_sha256=parsed.sha256, file_name=parsed.path.name,
                                          item_code=item.code, mode=result.mode,
                                          rows_total=parsed.rows_estimate)
        result.batch_id = batch_id
    seen: dict[tuple[str, str], int] = {}
    pending: list[_Pending] = []
    counts = {"valid": 0, "invalid": 0, "duplicate": 0}  # this chunk's, for the batch record
    total = parsed.rows_estimate
    progress(Progress("import", 0, total, "导入"))

    def flush() -> None:
        documents = [p.key[0] for p in pending if p.key is not None]
        existing = store.existing_keys(item.code, documents) if documents else set()
        keep = []
        for entry in pending:
            if entry.key is not None and entry.key in existing:
                _duplicate(result, entry.number, entry.cells, "duplicate_in_store",
                           f"与本机已有的记录重复（{_describe_key(item, entry.key)}）")
                result.valid -= 1
                counts["valid"] -= 1
                counts["duplicate"] += 1
            else:
                keep.append((entry.raw, entry.checked, entry.number))
        if store_rows and batch_id is not None:
            result.imported += len(store.import_rows(batch_id, item.code, keep, counts,
                                                     queue=queue))
        counts.update(valid=0, invalid=0, duplicate=0)
        drop(keep, pending)  # in the worker, with the window served right after

    for done, (number, raw, formulas, cells) in enumerate(parsed.rows(), start=1):
        result.rows += 1
        if number in done_rows:
            result.resumed_rows += 1
            continue
        checked = validator.validate(raw)
        issues = list(checked.issues) + [
            Issue(fld.name, "formula_without_value", "error",
                  f"「{fld.title}」是公式但没有计算结果：请在 Excel 中打开并保存后再导入，"
                  "或直接填写数值") for fld in formulas]
        errors = [i for i in issues if i.severity == "error"]
        result.warnings += len(issues) - len(errors)
        key = None if errors else store.natural_key(item, checked.normalized)
        if errors:
            result.invalid += 1
            counts["invalid"] += 1
            _fail(result, parsed, number, cells, errors)
        elif key is not None and key in seen:
            _duplicate(result, number, cells, "duplicate_in_file",
                       f"与第 {seen[key]} 行重复（{_describe_key(item, key)}）")
            counts["duplicate"] += 1
        else:
            if key is not None:
                seen[key] = number
            result.valid += 1
            counts["valid"] += 1
            pending.append(_Pending(raw, checked, number, key, cells))
        if len(pending) >= chunk:
            cancel.check()
            flush()
        progress(Progress("import", done, max(total, done), "导入"))
    flush()
    if store_rows and batch_id is not None:
        # Absolute totals: a resumed run sees again the bad rows of the interrupted one.
        store.finish_import(batch_id, {"total": result.rows, "invalid": result.invalid,
                                       "duplicate": result.duplicates,
                                       "valid": result.valid + result.resumed_rows})
    progress(Progress("import", result.rows, result.rows, "导入"))
    drop(seen)


@dataclass(slots=True)
class _Pending:
    raw: dict[str, Any]
    checked: ValidationResult
    number: int
    key: tuple[str, str] | None
    cells: list[Any]


def _fail(result: ImportResult, parsed: ParsedSheet, number: int, cells: list[Any],
          issues: list[Issue]) -> None:
    headers = {c.field.name: c.header for c in parsed.columns if c.field is not None}
    errors = [RowError(number, i.field, headers.get(i.field or ""), i.code, i.message)
              for i in issues]
    result.errors.extend(errors)
    if len(result.failed_rows) < MAX_REPORTED_ROWS:
        result.failed_rows.append(FailedRow(number, list(cells), errors))


def _duplicate(result: ImportResult, number: int, cells: list[Any], code: str,
               message: str) -> None:
    error = RowError(number, None, None, code, message)
    result.errors.append(error)
    result.duplicates += 1
    if len(result.failed_rows) < MAX_REPORTED_ROWS:
        result.failed_rows.append(FailedRow(number, list(cells), [error]))


def _describe_key(item: Any, key: tuple[str, str]) -> str:
    document_title = item.field(item.roles.document_number).title
    return f"{document_title} {key[0]}，主体代码相同"

