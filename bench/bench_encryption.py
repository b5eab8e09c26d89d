"""What SQLCipher costs: the store benchmarks on an encrypted store beside a plain one.

The same generated records, the same queries and the same bulk inserts as
``bench/bench_store.py``, once on a plain SQLite store and once on a SQLCipher store
(raw 256-bit data key, as the clerk's data folder has; no PBKDF per connection), printing
both figures and the ratio encrypted / plain. The stores are built once and cached under
``--cache-dir`` like bench_store's. Figures are printed, never asserted.

Run: .venv/bin/python -m bench.bench_encryption [--records N] [--insert M]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.bench_store import (
    bench_key,
    bench_queries,
    cached_store,
    chunks,
    ljust,
    make_records,
    open_store,
    validated,
)
from ygclient.catalog import Catalog, ValidationResult, bundled_catalog
from ygclient.store import keys


def insert_seconds(rows: Sequence[tuple[dict[str, Any], ValidationResult]], catalog: Catalog,
                   key: keys.DatabaseKey | None, chunk: int, repeat: int) -> float:
    """Best seconds for Store.bulk_create of ``rows`` in chunks, on fresh stores."""
    best = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="ygclient-bench-enc-") as tmp, \
                open_store(Path(tmp) / "store", catalog, key) as store:
            started = time.perf_counter()
            for start, end in chunks(len(rows), chunk):
                store.bulk_create("CF", rows[start:end])
            best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000,
                        help="records in the stores that are listed and searched")
    parser.add_argument("--insert", type=int, default=100_000,
                        help="records inserted in the insert benchmark (0: skip it)")
    parser.add_argument("--repeat", type=int, default=9, help="timed calls per query")
    parser.add_argument("--insert-repeat", type=int, default=2,
                        help="runs of each insert variant (best is shown)")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/ygclient-bench"))
    args = parser.parse_args()

    catalog = bundled_catalog()
    key = bench_key(args.cache_dir)
    import sqlcipher3

    cipher = sqlcipher3.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0]
    print(f"SQLite {sqlite3.sqlite_version} (plain) / SQLCipher {cipher} over SQLite "
          f"{sqlcipher3.sqlite_version} (encrypted), {os.cpu_count()} cores")
    if args.records:
        plain_dir = cached_store(args.cache_dir, args.records, catalog, False)
        secret_dir = cached_store(args.cache_dir, args.records, catalog, False, key)
        plain = bench_queries(plain_dir, catalog, args.repeat, None, quiet=True)
        secret = bench_queries(secret_dir, catalog, args.repeat, key, quiet=True)
        print(f"\n{args.records:,} records; pages of 50, median of {args.repeat} calls after "
              "a warm-up")
        print(f"{ljust('query', 46)} {'plain':>9} {'SQLCipher':>10} {'ratio':>7}")
        ratios = []
        for label, ms in plain.items():
            ratio = secret[label] / ms if ms else float("nan")
            ratios.append(ratio)
            print(f"{ljust(label, 46)} {ms:>6.1f} ms {secret[label]:>7.1f} ms {ratio:>6.2f}×")
        ratios.sort()
        print(f"{ljust('median ratio over the queries', 46)} {'':>9} {'':>10} "
              f"{ratios[len(ratios) // 2]:>6.2f}×")
        for folder in (plain_dir, secret_dir):
            size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
            print(f"  file size {'SQLCipher' if folder == secret_dir else 'plain':<9} "
                  f"{size / 2**20:8.1f} MiB")
    if args.insert:
        rows = validated(catalog, make_records(args.insert, seed=7))
        if hasattr(os, "sync"):
            os.sync()
        print(f"\nInserting {args.insert:,} validated CF records with Store.bulk_create "
              f"(records, revisions, audit chain, search indexes; WAL, synchronous=FULL), "
              f"best of {args.insert_repeat}")
        print(f"{'chunk':<10} {'plain':>16} {'SQLCipher':>16} {'ratio':>7}")
        for chunk in (1_000, 5_000):
            plain_s = insert_seconds(rows, catalog, None, chunk, args.insert_repeat)
            secret_s = insert_seconds(rows, catalog, key, chunk, args.insert_repeat)
            print(f"{chunk:<10,} {args.insert / plain_s:>9,.0f} rows/s "
                  f"{args.insert / secret_s:>9,.0f} rows/s {secret_s / plain_s:>6.2f}×")


if __name__ == "__main__":
    main()
