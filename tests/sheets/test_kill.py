"""kill -9 in the middle of an import: the database stays sound, holds whole chunks from the
start of the file, the audit chain verifies, and importing the same file again completes the
batch with every row exactly once."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests import dbfile
from tests.sheets.books import CF_KEYS, company, row_of, stored_rows
from ygclient.catalog import Catalog
from ygclient.sheets.importer import import_workbook
from ygclient.sheets.reader import file_sha256
from ygclient.store import Store
from ygclient.store.db import DB_FILENAME

ROWS = 3000
CHUNK = 100

# The child imports with small chunks; a short pause before each chunk is stored keeps the
# import going long enough for the parent to kill it part-way.
CHILD = """
import datetime as dt, sys, time
from pathlib import Path
from ygclient.catalog import bundled_catalog
from ygclient.clock import FixedClock
from ygclient.sheets.importer import import_workbook
from ygclient.store import Store

store = Store.open(Path(sys.argv[1]), bundled_catalog(), actor="clerk",
                   clock=FixedClock(dt.date(2026, 11, 26)))
store_chunk = store.import_rows

def slowly(*args, **kwargs):
    time.sleep(0.02)
    return store_chunk(*args, **kwargs)

store.import_rows = slowly
import_workbook(store, Path(sys.argv[2]), chunk=int(sys.argv[3]))
print("finished")
"""


def stored_count(database: Path) -> int:
    if not database.exists():
        return 0
    conn = dbfile.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    except dbfile.DatabaseError:  # not created yet
        return 0
    finally:
        conn.close()


def kill_part_way(data: Path, path: Path, at_least: int, rng: random.Random) -> int:
    """Start an import in a child process and SIGKILL it once ``at_least`` records are in."""
    database = data / DB_FILENAME
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(path), str(CHUNK)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while stored_count(database) < at_least:
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the import never got going"
            time.sleep(0.003)
        time.sleep(rng.uniform(0, 0.03))  # anywhere: validating, pausing, mid-transaction
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL and b"finished" not in out, \
        "the import finished before it was killed"
    return stored_count(database)


def assert_sound(data: Path, catalog: Catalog, path: Path) -> int:
    """After a kill: integrity, whole chunks from the first row on, a verifiable audit chain."""
    conn = dbfile.connect(data / DB_FILENAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with Store.open(data, catalog, actor="clerk") as store:
        rows = stored_rows(store)
        count = len(rows)
        assert 0 < count < ROWS and count % CHUNK == 0, count
        assert rows == list(range(2, 2 + count))  # contiguous from the first data row
        report = store.verify_audit()
        assert report.ok, report.problems
        batch = store.find_import(file_sha256(path))
        assert batch is not None and batch.state == "running"
        assert batch.rows_imported == count
    return count


@pytest.mark.slow
def test_a_killed_import_leaves_whole_chunks_and_resumes(tmp_path: Path, catalog: Catalog,
                                                        store: Store, data_dir: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append(CF_KEYS)
    for number in range(ROWS):
        sheet.append(row_of(company(number)))
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    workbook.close()
    rng = random.Random(2026)

    first = kill_part_way(data_dir, path, 3 * CHUNK, rng)
    assert assert_sound(data_dir, catalog, path) == first
    # Killed again while resuming: still whole chunks, still from the start.
    second = kill_part_way(data_dir, path, first + 3 * CHUNK, rng)
    assert assert_sound(data_dir, catalog, path) == second > first

    result = import_workbook(store, path, chunk=CHUNK)
    assert result.already_imported is None and result.invalid == 0
    assert (result.resumed_rows, result.imported) == (second, ROWS - second)
    assert stored_rows(store) == list(range(2, ROWS + 2))  # every row exactly once
    assert store.import_batch(str(result.batch_id)).state == "done"
    assert store.verify_audit().ok
    assert import_workbook(store, path).already_imported is not None
