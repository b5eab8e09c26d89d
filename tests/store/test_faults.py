"""The local store under faults: kill -9 mid-import, a full or read-only disk, a corrupt
file at startup, backups taken while writes run, and records or audit entries edited
behind the program's back.

Every test works on a SQLite file of its own under ``tmp_path``; the only thing left to
chance is the moment the import child is killed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import Engine, event

from tests import dbfile
from tests.catalog.records import penalty_for_company, penalty_for_person
from ygclient.catalog import Catalog, ValidationResult
from ygclient.clock import FixedClock
from ygclient.store import AuditReport, Store
from ygclient.store.db import DB_FILENAME, create_db_engine
from ygclient.store.errors import CorruptDatabaseError, StorageError
from ygclient.store.keys import KEY_FILE

BATCH = 200  # records per bulk_create in the kill -9 test (one transaction each)


def raw_record(document_number: str) -> dict[str, Any]:
    return penalty_for_company() | {"CF_WSH": document_number}


def validated(store: Store, numbers: list[str]) -> list[tuple[dict[str, Any], ValidationResult]]:
    validator = store.validator("CF")
    return [(raw, validator.validate(raw)) for raw in map(raw_record, numbers)]


def open_store(data_dir: Path, catalog: Catalog, clock: FixedClock) -> Store:
    return Store.open(data_dir, catalog, actor="clerk", clock=clock)


def sqlite_rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of one query outside the store (the connection is closed again)."""
    with closing(dbfile.connect(path)) as con:
        rows: list[tuple[Any, ...]] = con.execute(sql, params).fetchall()
        return rows


def integrity(path: Path) -> list[str]:
    return [row[0] for row in sqlite_rows(path, "PRAGMA integrity_check")]


def table_counts(path: Path) -> dict[str, int]:
    return {table: sqlite_rows(path, f"SELECT count(*) FROM {table}")[0][0]
            for table in ("records", "revisions", "audit", "outbox", "outbox_bodies")}


def batch_counts(path: Path) -> tuple[Counter[int], Counter[int]]:
    """Records per batch (from their document numbers B{n}-{i}) and audit entries per batch."""
    records = Counter(int(number[1:].split("-")[0]) for (number,) in sqlite_rows(
        path, "SELECT document_number FROM records WHERE document_number LIKE 'B%'"))
    entries = Counter(json.loads(detail)["batch"] for (detail,) in sqlite_rows(
        path, "SELECT detail FROM audit WHERE action = 'import'"))
    return records, entries


def assert_batches_whole(path: Path, size: int) -> Counter[int]:
    records, entries = batch_counts(path)
    assert records == entries, "records and their audit entries disagree"
    partial = {batch: n for batch, n in records.items() if n != size}
    assert not partial, f"batches only partly stored (batch: records): {partial}"
    return records


def tree(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file below ``folder``: (inode, mtime_ns, sha256)."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns,
                                         hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- 1. kill -9 during a bulk insert ---------------------------------------------------------

# Imports records in batches of one transaction each until it is killed. Prints
# "begin N" once BEGIN IMMEDIATE of batch N has run and "done N" once it returned.
CHILD_CODE = textwrap.dedent("""
    import datetime as dt
    import json
    import sys
    from pathlib import Path

    from sqlalchemy import event

    from ygclient.catalog import bundled_catalog
    from ygclient.clock import FixedClock
    from ygclient.store import Store

    data_dir, size, base = Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    store = Store.open(data_dir, bundled_catalog(), actor="clerk",
                       clock=FixedClock(dt.date(2026, 11, 26)))
    validator = store.validator("CF")
    batch = 0
    event.listen(store.engine, "begin", lambda conn: print(f"begin {batch}", flush=True))
    while True:
        rows = []
        for i in range(size):
            raw = dict(base, CF_WSH=f"B{batch}-{i}")
            rows.append((raw, validator.validate(raw)))
        store.bulk_create("CF", rows, detail={"batch": batch})
        print(f"done {batch}", flush=True)
        batch += 1
""")


def kill_during_import(data_dir: Path, delay: float) -> list[str]:
    """Run the importer, SIGKILL it ``delay`` s after its first batch; its output lines."""
    args = [sys.executable, "-c", CHILD_CODE, str(data_dir), str(BATCH),
            json.dumps(penalty_for_company())]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          encoding="utf-8") as child:
        assert child.stdout is not None and child.stderr is not None
        lines: list[str] = []
        while not lines or lines[-1] != "done 0":
            line = child.stdout.readline()
            if not line:
                child.wait()
                pytest.fail(f"the import child ended before its first batch:\n"
                            f"{child.stderr.read()}")
            lines.append(line.strip())
        time.sleep(delay)
        assert child.poll() is None, "the import child stopped on its own"
        child.kill()  # SIGKILL on POSIX (TerminateProcess on Windows): no cleanup at all
        out, err = child.communicate()
        assert child.returncode == (-9 if os.name == "posix" else 1), err
    return lines + out.splitlines()


@pytest.mark.slow
def test_kill_9_during_bulk_insert_leaves_whole_batches(tmp_path: Path, catalog: Catalog,
                                                         clock: FixedClock) -> None:
    rng = random.Random(20261126)  # the delays repeat; where they land in a batch does not
    in_flight = 0
    for run in range(20):
        data_dir = tmp_path / f"run{run}"
        lines = kill_during_import(data_dir, rng.uniform(0.0, 0.4))
        done = [int(line.split()[1]) for line in lines if line.startswith("done")]
        in_flight += lines[-1].startswith("begin")

        path = data_dir / DB_FILENAME
        assert integrity(path) == ["ok"], f"run {run}"
        with closing(dbfile.connect(path)) as con:
            # The search index (FTS5, kept by triggers) must match the records too; rank 1
            # compares it with its content table (raises "database disk image is malformed").
            con.execute("INSERT INTO record_search(record_search, rank) "
                        "VALUES ('integrity-check', 1)")
            con.rollback()
        batches = assert_batches_whole(path, BATCH)
        # Batches are written one after the other: whole ones from 0 on, every one that
        # returned is there, at most the one in flight besides.
        assert sorted(batches) == list(range(len(batches))), f"run {run}: gaps in {batches}"
        assert len(done) <= len(batches) <= len(done) + 1, f"run {run}"
        counts = table_counts(path)
        assert counts["revisions"] == counts["records"] == counts["audit"] == BATCH * len(batches)

        with open_store(data_dir, catalog, clock) as store:
            report = store.verify_audit()
        assert report.ok, (run, report.problems)
        assert report.records == BATCH * len(batches)
    # Kills that land between BEGIN and the return of bulk_create are the point of the test.
    assert in_flight >= 1, "no kill landed inside a batch; the test proved nothing"


# --- 2. a full or read-only disk ---------------------------------------------------------------

@contextmanager
def disk_full(engine: Engine) -> Iterator[None]:
    """Every new connection may not grow the file past its present size: SQLITE_FULL.

    The engine uses a NullPool, so each checkout opens a new DBAPI connection and runs the
    "connect" listeners; removing the listener "frees the space" for the next one.
    """
    def cap(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    event.listen(engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(engine, "connect", cap)


def test_full_disk_clear_message_nothing_lost_and_retry_works(
        tmp_path: Path, catalog: Catalog, clock: FixedClock) -> None:
    data_dir = tmp_path / "data"
    path = data_dir / DB_FILENAME
    with open_store(data_dir, catalog, clock) as store:
        saved = [store.create("CF", raw_record(f"S-{i}")).record.id for i in range(3)]
        saved += store.bulk_create("CF", validated(store, [f"B0-{i}" for i in range(30)]),
                                   detail={"batch": 0})
        with disk_full(store.engine):
            # Whatever still fits in the file's free space is saved; then the disk is full.
            for attempt in range(50):
                try:
                    saved.append(store.create("CF", raw_record(f"F-{attempt}")).record.id)
                except StorageError as exc:
                    assert "磁盘空间已满" in str(exc)
                    break
            else:
                pytest.fail("the capped database never reported a full disk")
            head, counts = store.audit_head(), table_counts(path)
            assert counts["records"] == len(saved)

            with pytest.raises(StorageError, match="磁盘空间已满") as single:
                store.create("CF", raw_record("R-1"))
            assert "之前保存的内容不受影响" in str(single.value)
            with pytest.raises(StorageError, match="磁盘空间已满"):
                store.bulk_create("CF", validated(store, [f"B1-{i}" for i in range(30)]),
                                  detail={"batch": 1})
            # Nothing half-written, nothing saved before lost.
            assert store.audit_head() == head
            assert table_counts(path) == counts
        assert integrity(path) == ["ok"]
        assert [store.get(record_id).id for record_id in saved] == saved

        # Space freed: the very same operations now succeed.
        saved.append(store.create("CF", raw_record("R-1")).record.id)
        saved += store.bulk_create("CF", validated(store, [f"B1-{i}" for i in range(30)]),
                                   detail={"batch": 1})
        report = store.verify_audit()
        assert report.ok, report.problems
        assert report.records == len(saved) == len(set(saved))
    assert_batches_whole(path, 30)


def test_read_only_database_clear_message_nothing_lost(
        tmp_path: Path, catalog: Catalog, clock: FixedClock) -> None:
    # Tests run as root here, and root writes through chmod 0444 files and folders, so a
    # read-only disk is modelled by opening the file read-only (SQLite URI mode=ro).
    # open_database would migrate (write), hence the bare engine.
    data_dir = tmp_path / "data"
    path = data_dir / DB_FILENAME
    with open_store(data_dir, catalog, clock) as store:
        saved = [store.create("CF", raw_record(f"S-{i}")).record.id for i in range(3)]
        head, counts = store.audit_head(), table_counts(path)

        engine = create_db_engine(f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true",
                                  store.key)
        with Store(engine, catalog, actor="clerk", clock=clock) as read_only:
            assert read_only.get(saved[0]).document_number == "S-0"  # reading still works
            with pytest.raises(StorageError, match="只读") as single:
                read_only.create("CF", raw_record("RO-1"))
            assert "没有保存" in str(single.value)
            with pytest.raises(StorageError, match="只读"):
                read_only.bulk_create("CF", validated(read_only, ["RO-2", "RO-3"]))
            with pytest.raises(StorageError, match="只读"):
                read_only.edit(saved[0], raw_record("RO-4"))

        assert store.audit_head() == head
        assert table_counts(path) == counts
        # Writable again (the user fixed the folder): the same record saves.
        saved.append(store.create("CF", raw_record("RO-1")).record.id)
        report = store.verify_audit()
        assert report.ok, report.problems
        assert report.records == len(saved)
    assert integrity(path) == ["ok"]


def read_only_disk(monkeypatch: pytest.MonkeyPatch, mount: Path) -> None:
    """Make everything below ``mount`` fail the way a read-only mounted disk does on Linux.

    Checked on a real ``mount -o ro`` tmpfs (tests cannot mount; chmod does not stop root):
    mkdir of a new folder and unlink (even of a missing file) fail with EROFS, and SQLite
    cannot open a WAL database there (SQLITE_CANTOPEN, "unable to open database file").
    """
    real_mkdir, real_unlink = Path.mkdir, Path.unlink

    def below(path: Any) -> bool:
        return isinstance(path, str | os.PathLike) and (
            Path(path) == mount or mount in Path(path).parents)

    def erofs(path: Path) -> OSError:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def mkdir(self: Path, mode: int = 0o777, parents: bool = False,
              exist_ok: bool = False) -> None:
        if below(self) and not self.is_dir():
            raise erofs(self)
        real_mkdir(self, mode, parents, exist_ok)

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if below(self):
            raise erofs(self)
        real_unlink(self, missing_ok)

    def refusing(driver: Any) -> Any:
        real_connect = driver.connect

        def connect(database: Any, *args: Any, **kwargs: Any) -> Any:
            if below(database):
                exc = driver.OperationalError("unable to open database file")
                exc.sqlite_errorcode, exc.sqlite_errorname = 14, "SQLITE_CANTOPEN"
                raise exc
            return real_connect(database, *args, **kwargs)

        return connect

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(Path, "unlink", unlink)
    # Both drivers: sqlite3 for plain files, sqlcipher3 for the encrypted database.
    for driver in (sqlite3, sqlcipher3):
        connect = refusing(driver)
        monkeypatch.setattr(driver, "connect", connect)
        monkeypatch.setattr(driver.dbapi2, "connect", connect)  # the one SQLAlchemy calls


@pytest.mark.parametrize("existing", [False, True], ids=["new-data-folder", "existing-database"])
def test_open_on_a_read_only_disk_says_so_and_does_not_claim_corruption(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, monkeypatch: pytest.MonkeyPatch,
        existing: bool) -> None:
    usb = tmp_path / "usb"
    data_dir = usb / "data"
    usb.mkdir()
    if existing:
        with open_store(data_dir, catalog, clock) as store:
            store.create("CF", raw_record("S-1"))
            store.backup(data_dir / "backups" / "b1.sqlite3")
    before = tree(usb)
    read_only_disk(monkeypatch, usb)

    with pytest.raises(StorageError) as refused:
        open_store(data_dir, catalog, clock)

    # A healthy file on a read-only disk is not "corrupt": telling the user so, and
    # offering to restore an older backup over it, would lose everything since that backup.
    assert "已损坏" not in str(refused.value)
    if not existing:
        assert "只读" in str(refused.value)
    monkeypatch.undo()
    assert tree(usb) == before


@pytest.mark.parametrize("folder_exists", [False, True], ids=["new-folder", "existing-folder"])
def test_backup_onto_a_read_only_disk_gives_a_clear_message(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, monkeypatch: pytest.MonkeyPatch,
        folder_exists: bool) -> None:
    usb = tmp_path / "usb"
    target = usb / "backups" / "b.sqlite3"
    (target.parent if folder_exists else usb).mkdir(parents=True)
    with open_store(tmp_path / "data", catalog, clock) as store:
        saved = [store.create("CF", raw_record(f"S-{i}")).record.id for i in range(3)]
        read_only_disk(monkeypatch, usb)
        with pytest.raises(StorageError, match="只读"):
            store.backup(target)
        monkeypatch.undo()
        assert not target.exists()
        report = store.verify_audit()
        assert report.ok and report.records == len(saved)
        store.backup(target)  # the disk is writable again
    assert integrity(target) == ["ok"]
    assert table_counts(target)["records"] == len(saved)


def test_backup_onto_a_full_disk_clear_message_and_the_old_backup_is_kept(
        tmp_path: Path, catalog: Catalog, clock: FixedClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "usb" / "b.sqlite3"
    with open_store(tmp_path / "data", catalog, clock) as store:
        store.bulk_create("CF", validated(store, [f"B0-{i}" for i in range(50)]),
                          detail={"batch": 0})
        store.backup(target)
        old = hashlib.sha256(target.read_bytes()).hexdigest()
        store.bulk_create("CF", validated(store, [f"B1-{i}" for i in range(50)]),
                          detail={"batch": 1})
        real_connect = sqlcipher3.connect

        def capped(database: Any, *args: Any, **kwargs: Any) -> Any:
            con = real_connect(database, *args, **kwargs)
            if str(database).endswith(".partial"):  # the copy being written: no room for it
                con.execute("PRAGMA max_page_count = 2").close()
            return con

        # The backup copy is written through sqlcipher3 (encrypted like the database).
        monkeypatch.setattr(sqlcipher3, "connect", capped)
        with pytest.raises(StorageError, match="磁盘空间已满"):
            store.backup(target)
        monkeypatch.undo()
        # The earlier backup of that name is not replaced by a half-written one.
        assert hashlib.sha256(target.read_bytes()).hexdigest() == old
        assert store.verify_audit().ok
        store.backup(target)  # space freed
    assert integrity(target) == ["ok"]
    assert assert_batches_whole(target, 50) == Counter({0: 50, 1: 50})


# --- 3. a corrupt file at startup -------------------------------------------------------------

def corrupt(path: Path, btree: str, offset: int, length: int = 64) -> None:
    """Overwrite ``length`` bytes at ``offset`` of the root page of ``btree`` with garbage."""
    # immutable=1: reading the schema must not create -wal/-shm files or touch the file.
    with closing(dbfile.connect(f"file:{path.as_posix()}?immutable=1", uri=True)) as con:
        page_size = int(con.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher: text
        (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                              (btree,)).fetchone()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size + offset)
        file.write(b"\xa5" * length)


def quick_check(path: Path) -> list[str]:
    """PRAGMA quick_check without writing anything; an error counts as its answer."""
    with closing(dbfile.connect(f"file:{path.as_posix()}?immutable=1", uri=True)) as con:
        try:
            return [row[0] for row in con.execute("PRAGMA quick_check")]
        except dbfile.DatabaseError as exc:
            return [str(exc)]


@pytest.mark.parametrize(("btree", "offset"), [
    # The middle of an index page: quick_check answers with a list of problems.
    ("ix_records_item_code_seq", 2048),
    # The header and cell pointers of the records table's root: quick_check itself fails
    # with "database disk image is malformed".
    ("records", 8),
], ids=["index-page-middle", "table-root-header"])
def test_corrupt_file_is_refused_untouched_and_newest_backup_offered(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, btree: str, offset: int) -> None:
    data_dir = tmp_path / "data"
    path = data_dir / DB_FILENAME
    older, newer = data_dir / "backups" / "b1.sqlite3", data_dir / "backups" / "b2.sqlite3"
    with open_store(data_dir, catalog, clock) as store:
        store.bulk_create("CF", validated(store, [f"S-{i}" for i in range(300)]))
        store.backup(older)
        store.create("CF", raw_record("S-last"))
        store.backup(newer)
    os.utime(older, ns=(1_700_000_000_000_000_000,) * 2)
    os.utime(newer, ns=(1_800_000_000_000_000_000,) * 2)
    # Closing the engine checkpointed the WAL: the file alone holds everything.
    assert not path.with_name(DB_FILENAME + "-wal").exists()
    corrupt(path, btree, offset)
    assert quick_check(path) != ["ok"], "the corruption went unnoticed by SQLite itself"
    before = tree(tmp_path)

    with pytest.raises(CorruptDatabaseError) as refused:
        open_store(data_dir, catalog, clock)

    message = str(refused.value)
    assert str(path) in message and "已损坏" in message
    assert str(newer) in message and str(older) not in message  # the newest is offered
    assert refused.value.backups == (str(newer), str(older))
    # Not opened for writing, not replaced by an empty database, no file added or changed.
    assert tree(tmp_path) == before
    # The offered backup holds everything up to it, and its audit chain verifies.
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copyfile(newer, restored / DB_FILENAME)
    shutil.copyfile(data_dir / KEY_FILE, restored / KEY_FILE)  # the same folder's key
    with open_store(restored, catalog, clock) as store:
        report = store.verify_audit()
        assert report.ok, report.problems
        assert report.records == 301


# --- 4. a backup taken while writes run --------------------------------------------------------

def test_backup_is_consistent_while_another_thread_writes(
        tmp_path: Path, catalog: Catalog, clock: FixedClock) -> None:
    data_dir = tmp_path / "data"
    stop, errors = threading.Event(), list[BaseException]()
    written = [0]  # transactions committed by the writer

    def writer(store: Store) -> None:
        try:
            n = 0
            while not stop.is_set():
                store.create("CF", raw_record(f"W-{n}"))
                store.bulk_create("CF", validated(store, [f"B{n}-{i}" for i in range(20)]),
                                  detail={"batch": n})
                n += 1
                written[0] = n
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    def wait_for_writes(at_least: int) -> None:
        deadline = time.monotonic() + 20
        while written[0] < at_least and not errors:
            assert time.monotonic() < deadline, "the writer thread made no progress"
            time.sleep(0.005)

    backups: list[Path] = []
    with open_store(data_dir, catalog, clock) as store:
        thread = threading.Thread(target=writer, args=(store,))
        thread.start()
        try:
            for k in range(3):
                wait_for_writes(written[0] + 2)
                backups.append(store.backup(tmp_path / f"b{k}.sqlite3"))
            wait_for_writes(written[0] + 2)  # and the writer carried on afterwards
        finally:
            stop.set()
            thread.join(30)
        assert not thread.is_alive()
        assert not errors, errors
        assert store.verify_audit().ok

    for k, backup in enumerate(backups):
        assert integrity(backup) == ["ok"], backup
        assert sqlite_rows(backup, "PRAGMA journal_mode") == [("delete",)]
        assert not backup.with_name(backup.name + "-wal").exists()
        batches = assert_batches_whole(backup, 20)
        assert sorted(batches) == list(range(len(batches)))
        restored = tmp_path / f"restored{k}"
        restored.mkdir()
        shutil.copyfile(backup, restored / DB_FILENAME)
        shutil.copyfile(data_dir / KEY_FILE, restored / KEY_FILE)
        with open_store(restored, catalog, clock) as store:
            report = store.verify_audit()
            assert report.ok, (backup, report.problems)
            # The backup's own audit entry made it into the copy.
            assert sqlite_rows(backup, "SELECT count(*) FROM audit WHERE action = 'backup'"
                               ) == [(k + 1,)]
        assert report.records == table_counts(backup)["records"] > 0


# --- 5. edits behind the program's back ----------------------------------------------------------

@pytest.fixture
def data_with_records(tmp_path: Path, catalog: Catalog,
                      clock: FixedClock) -> tuple[Path, list[str]]:
    """A closed data folder with a person's and a company's record (ids in that order)."""
    data_dir = tmp_path / "data"
    with open_store(data_dir, catalog, clock) as store:
        ids = [store.create("CF", penalty_for_person()).record.id,
               store.create("CF", penalty_for_company()).record.id]
        store.bulk_create("CF", validated(store, ["S-1", "S-2"]))
        assert store.verify_audit().ok
    return data_dir, ids


def edit_behind_back(data_dir: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    with closing(dbfile.connect(data_dir / DB_FILENAME)) as con:
        for sql, params in statements:
            assert con.execute(sql, params).rowcount != 0 or sql.startswith("DROP"), sql
        con.commit()


def verify(data_dir: Path, catalog: Catalog, clock: FixedClock) -> AuditReport:
    with open_store(data_dir, catalog, clock) as store:
        return store.verify_audit()


@pytest.mark.parametrize(("column", "value"), [
    ("subject_name", "林大梅"),
    ("subject_code", "441702199506151258"),
    ("document_number", "阳市监罚〔2026〕99号"),
    ("decision_date", "2026-03-06"),
    ("state", "accepted"),
    ("item_code", "XK"),
    # Not in the audit snapshot, yet each changes what the program does with the record:
    ("subject_is_person", 0),  # lists would show the person's full ID number
    ("disclosure_end", "2099-12-31"),  # the penalty would stay public for decades
    ("created_by", "someone-else"),  # who entered the record
    ("created_at", "2026-01-02T09:00:00+08:00"),
    ("server_reasons", "[]"),  # what the credit centre said when it sent the record back
])
def test_record_row_edited_behind_the_back_is_caught(
        data_with_records: tuple[Path, list[str]], catalog: Catalog, clock: FixedClock,
        column: str, value: Any) -> None:
    data_dir, (person, _company) = data_with_records
    edit_behind_back(data_dir, (f"UPDATE records SET {column} = ? WHERE id = ?", (value, person)))
    report = verify(data_dir, catalog, clock)
    assert not report.ok, f"records.{column} changed outside the program went unnoticed"
    assert any(person in problem for problem in report.problems), report.problems
    assert report.first_broken_seq == 1  # the record's last (only) audit entry


@pytest.mark.parametrize("forgery", ["payload", "payload-and-its-hash", "reason", "created_by",
                                     "catalog_version"])
def test_revision_edited_behind_the_back_is_caught(
        data_with_records: tuple[Path, list[str]], catalog: Catalog, clock: FixedClock,
        forgery: str) -> None:
    data_dir, (person, _company) = data_with_records
    (payload,) = sqlite_rows(data_dir / DB_FILENAME,
                             "SELECT payload FROM revisions WHERE record_id = ?", person)[0]
    forged = payload.replace("林小梅", "林大梅")
    assert forged != payload
    sql, values = {
        "payload": ("payload = ?", (forged,)),
        # A careful forger also updates the payload's own hash; the snapshot still differs.
        "payload-and-its-hash": ("payload = ?, payload_sha256 = ?",
                                 (forged, hashlib.sha256(forged.encode()).hexdigest())),
        "reason": ("reason = ?", ("补录",)),
        "created_by": ("created_by = ?", ("someone-else",)),
        "catalog_version": ("catalog_version = ?", ("2025.01",)),
    }[forgery]
    edit_behind_back(data_dir, (f"UPDATE revisions SET {sql} WHERE record_id = ?",
                                (*values, person)))
    report = verify(data_dir, catalog, clock)
    assert not report.ok, f"revisions: {forgery} changed outside the program went unnoticed"
    assert any(person in problem for problem in report.problems), report.problems
    assert report.first_broken_seq == 1


@pytest.mark.parametrize(("seq", "column", "value"), [
    (2, "actor", "someone-else"),
    (2, "at", "2026-11-25T09:00:00+08:00"),
    (2, "reason", "补录"),
    (3, "detail", '{"batch":7}'),
    (1, "after_sha256", "0" * 64),
    (4, "action", "delete"),  # the last entry
])
def test_audit_entry_edited_behind_the_back_is_caught(
        data_with_records: tuple[Path, list[str]], catalog: Catalog, clock: FixedClock,
        seq: int, column: str, value: str) -> None:
    data_dir, _ids = data_with_records
    # The append-only trigger refuses the UPDATE; an attacker drops it first.
    edit_behind_back(
        data_dir, ("DROP TRIGGER audit_append_only_update", ()),
        (f"UPDATE audit SET {column} = ? WHERE seq = ?", (value, seq)))
    report = verify(data_dir, catalog, clock)
    assert not report.ok
    assert report.first_broken_seq == seq
    assert f"第 {seq} 条" in report.problems[0], report.problems


def test_audit_entry_deleted_behind_the_back_is_caught(
        data_with_records: tuple[Path, list[str]], catalog: Catalog, clock: FixedClock) -> None:
    data_dir, _ids = data_with_records
    edit_behind_back(data_dir, ("DROP TRIGGER audit_append_only_delete", ()),
                     ("DELETE FROM audit WHERE seq = ?", (2,)))
    report = verify(data_dir, catalog, clock)
    assert not report.ok
    assert report.first_broken_seq == 2
