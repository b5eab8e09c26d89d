"""What SQLCipher costs: the store benchmarks on an encrypted store beside a plain one.

The same generated records, the same queries and the same bulk inserts as
``bench/bench_store.py``, once on a plain SQLite store and once on a SQLCipher store
(raw 256-bit data key, as the clerk's data folder has; no PBKDF per connection), printing
both figures and the ratio encrypted / plain. The stores are built once and cached under
``--cache-dir`` like bench_store's. Then: how long another thread stops while a connection
with a big WAL closes, the store's connections (they checkpoint first) beside sqlcipher3's own
close. Figures are printed, never asserted.

Run: .venv/bin/python -m bench.bench_encryption [--records N] [--insert M] [--close-rows K]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import threading
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
from ygclient.store import db, keys


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


def close_pause(folder: Path, rows: int, store_class: bool) -> tuple[float, float, float]:
    """(WAL MiB, seconds the close took, longest pause of this thread meanwhile): another
    thread closes an encrypted connection that has ``rows`` 200-byte rows in its WAL. With
    ``store_class``, the connection class the store uses; else sqlcipher3's own."""
    import sqlcipher3

    path = folder / ("store.db" if store_class else "driver.db")
    passphrase = "bench close"
    if store_class:
        conn = db.raw_connect(path, passphrase=passphrase, isolation_level=None,
                              check_same_thread=False)
    else:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA key = '{passphrase}'")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")  # all of it waits for the close
    conn.execute("CREATE TABLE t(x BLOB)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?)", ((os.urandom(200),) for _ in range(rows)))
    conn.execute("COMMIT")
    wal = Path(str(path) + "-wal").stat().st_size / 2**20
    took: list[float] = []

    def close() -> None:
        started = time.perf_counter()
        conn.close()
        took.append(time.perf_counter() - started)

    thread = threading.Thread(target=close)
    last = time.perf_counter()
    longest = 0.0
    thread.start()
    while thread.is_alive():
        time.sleep(0.001)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    thread.join()
    return wal, took[0], longest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000,
                        help="records in the stores that are listed and searched")
    parser.add_argument("--insert", type=int, default=100_000,
                        help="records inserted in the insert benchmark (0: skip it)")
    parser.add_argument("--repeat", type=int, default=9, help="timed calls per query")
    parser.add_argument("--insert-repeat", type=int, default=2,
                        help="runs of each insert variant (best is shown)")
    parser.add_argument("--close-rows", type=int, default=150_000,
                        help="rows in the WAL of the closing connection (0: skip it)")
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
    if args.close_rows:
        print(f"\nClosing an encrypted connection with {args.close_rows:,} rows in its WAL on "
              "another thread: how long this thread stopped")
        print(f"{'close':<44} {'WAL':>9} {'close took':>11} {'longest pause':>14}")
        with tempfile.TemporaryDirectory(prefix="ygclient-bench-close-") as scratch:
            for label, store_class in (("sqlcipher3's own close (baseline)", False),
                                       ("the store's (checkpoints first)", True)):
                wal, took, pause = close_pause(Path(scratch), args.close_rows, store_class)
                print(f"{label:<44} {wal:>5.0f} MiB {took * 1000:>8.0f} ms "
                      f"{pause * 1000:>11.0f} ms")


if __name__ == "__main__":
    main()
