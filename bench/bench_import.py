"""Import speed and memory: a generated 100,000-row × 30-column 行政处罚 workbook.

Goal (issue #5): end-to-end import (read, validate, dedupe, store) ≤ 2× the time
python-calamine alone needs to read the same file, and peak RSS ≤ 1.5× that bare read's;
both measured in this run, each in a fresh child process (ru_maxrss of that child).

Run: .venv/bin/python -m bench.bench_import [--rows N] [--mode valid-rows|all-or-nothing]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "ygclient-bench"


def workbook(rows: int) -> Path:
    """The benchmark workbook, written once (openpyxl write-only, shared strings as Excel)."""
    path = CACHE / f"cf-import-{rows}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    from bench.bench_validate import make_records
    from ygclient.catalog import bundled_catalog
    from ygclient.sheets.workbook import header_label

    CACHE.mkdir(parents=True, exist_ok=True)
    item = bundled_catalog().item("CF")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    sheet.append([header_label(f) for f in item.fields])
    started = time.perf_counter()
    for record in make_records(rows):
        sheet.append([_cell(record.get(f.name)) for f in item.fields])
    partial = path.with_suffix(".partial")
    book.save(partial)
    partial.replace(path)
    print(f"wrote {path} in {time.perf_counter() - started:.0f} s "
          f"({path.stat().st_size / 1e6:.1f} MB)")
    return path


def _cell(value: object) -> object:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def child(args: list[str]) -> dict[str, float]:
    """Run this module in a child process and return what it measured."""
    out = subprocess.run([sys.executable, "-m", "bench.bench_import", *args],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bare_read(path: str) -> None:
    import python_calamine

    started = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(path)
    count = sum(1 for _ in book.get_sheet_by_name("数据").iter_rows())
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rows": count - 1, "rss_mb": _rss_mb()}))


def full_import(path: str, mode: str) -> None:
    from ygclient.catalog import bundled_catalog
    from ygclient.sheets.importer import import_workbook
    from ygclient.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder), bundled_catalog(), actor="bench")
        started = time.perf_counter()
        result = import_workbook(store, Path(path), mode=mode)
        seconds = time.perf_counter() - started
        store.close()
    print(json.dumps({"seconds": seconds, "rows": result.rows, "imported": result.imported,
                      "invalid": result.invalid, "rss_mb": _rss_mb()}))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--mode", default="valid-rows", choices=("valid-rows", "all-or-nothing"))
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    # The data folder's database is encrypted; without a keyring the data key is wrapped with a
    # passphrase (benchmark folders are throwaway).
    os.environ.setdefault("YGCLIENT_PASSPHRASE", "benchmark passphrase")
    if args.child:
        if args.child[0] == "read":
            bare_read(args.child[1])
        else:
            full_import(args.child[1], args.child[2])
        return
    path = str(workbook(args.rows))
    os.sync()
    read = min((child(["--child", "read", path]) for _ in range(2)), key=lambda r: r["seconds"])
    imported = child(["--child", "import", path, args.mode])
    assert imported["imported"] == args.rows, imported
    ratio = imported["seconds"] / read["seconds"]
    memory = imported["rss_mb"] / read["rss_mb"]
    print(f"{args.rows:,} rows × 30 columns, mode {args.mode}, each in a fresh process")
    print(f"baseline: python-calamine bare read  {read['rows'] / read['seconds']:>10,.0f} rows/s  "
          f"{read['seconds']:6.2f} s   peak RSS {read['rss_mb']:6.0f} MB")
    print(f"ygclient import (read, validate, dedupe, store)"
          f"  {imported['rows'] / imported['seconds']:>8,.0f} rows/s  {imported['seconds']:6.2f} s"
          f"   peak RSS {imported['rss_mb']:6.0f} MB")
    print(f"time {ratio:.1f}× the bare read (goal ≤ 2×: {'met' if ratio <= 2 else 'NOT met'}); "
          f"memory {memory:.2f}× (goal ≤ 1.5×: {'met' if memory <= 1.5 else 'NOT met'})")


if __name__ == "__main__":
    main()
