"""The encrypted local database: the data key and where it lives, wrong keys and passphrases,
the in-place encryption of a plain database (also when killed half-way), encrypted
attachments, and passphrase-protected backups restored in another data folder.

Real SQLCipher files under ``tmp_path``; the keyring is either absent (this machine) or an
in-memory backend standing in for the OS keyring of a desktop.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import keyring
import pytest

from tests import dbfile
from tests.catalog.records import penalty_for_company, penalty_for_person
from tests.conftest import TEST_PASSPHRASE
from tests.sync.conftest import MemoryKeyring, memory_keyring  # noqa: F401 - fixture
from ygclient.catalog import Catalog
from ygclient.clock import FixedClock
from ygclient.evidence import add_evidence, read_evidence
from ygclient.store import Store, StoreError, db, keys
from ygclient.store.db import DB_FILENAME

PERSON_ID = "441702199506151231"


def open_store(data_dir: Path, catalog: Catalog, clock: FixedClock, **options: object) -> Store:
    return Store.open(data_dir, catalog, actor="clerk", clock=clock, **options)  # type: ignore[arg-type]


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def assert_nothing_in_clear(folder: Path, *values: str) -> None:
    for name, data in files_of(folder).items():
        for value in values:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert value.encode(encoding) not in data, (name, value, encoding)


# --- where the key lives ----------------------------------------------------------------------

def test_default_database_is_encrypted_and_holds_nothing_in_clear(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None) -> None:
    data_dir = tmp_path / "data"
    assert keys.passphrase_needed(data_dir) == "new"
    with open_store(data_dir, catalog, clock) as store:
        assert store.key is not None and store.key.mode == "passphrase"
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2
            assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        # A reader keeps the WAL from being checkpointed away: its pages are encrypted too.
        reader = dbfile.connect(data_dir / DB_FILENAME)
        try:
            reader.execute("SELECT count(*) FROM records").fetchone()
            store.create("CF", penalty_for_person())
            assert (data_dir / (DB_FILENAME + "-wal")).stat().st_size > 0
            assert_nothing_in_clear(data_dir, PERSON_ID, "张三", store.key.raw.hex())
        finally:
            reader.close()
    assert not db.is_plain_sqlite(data_dir / DB_FILENAME)
    assert keys.passphrase_needed(data_dir) == "existing"
    info = (data_dir / keys.KEY_FILE).read_text(encoding="utf-8")
    assert TEST_PASSPHRASE not in info and '"mode": "passphrase"' in info
    assert (data_dir / keys.KEY_FILE).stat().st_mode & 0o077 == 0


def test_a_new_wrapped_key_uses_the_real_scrypt_cost(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_keyring: None) -> None:
    monkeypatch.setattr(keys, "SCRYPT_N", 2**17)  # conftest lowers it for speed
    keys.database_key(tmp_path / "data", "a good passphrase")
    info = (tmp_path / "data" / keys.KEY_FILE).read_text(encoding="utf-8")
    assert '"n": 131072' in info and '"r": 8' in info


def test_wrong_or_missing_passphrase_changes_nothing(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    with open_store(data_dir, catalog, clock) as store:
        store.create("CF", penalty_for_company())
    before = files_of(data_dir)
    with pytest.raises(keys.WrongPassphraseError, match="口令不正确"):
        open_store(data_dir, catalog, clock, passphrase="not the passphrase")
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    with pytest.raises(keys.PassphraseRequired) as asked:
        open_store(data_dir, catalog, clock)
    assert asked.value.need == "existing"
    assert files_of(data_dir) == before
    with open_store(data_dir, catalog, clock, passphrase=TEST_PASSPHRASE) as store:
        assert len(store.list_records().rows) == 1


def test_first_start_without_keyring_or_passphrase_asks_for_a_new_one(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    with pytest.raises(keys.PassphraseRequired) as asked:
        open_store(tmp_path / "data", catalog, clock)
    assert asked.value.need == "new"
    with pytest.raises(keys.KeyAccessError, match="太短"):
        open_store(tmp_path / "data", catalog, clock, passphrase="short")
    assert not (tmp_path / "data" / DB_FILENAME).exists()


def test_keyring_mode_and_a_copy_on_another_machine(
        tmp_path: Path, catalog: Catalog, clock: FixedClock,
        memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    data_dir = tmp_path / "data"
    assert keys.passphrase_needed(data_dir) is None
    with open_store(data_dir, catalog, clock) as store:
        assert store.key is not None and store.key.mode == "keyring"
        store.create("CF", penalty_for_person())
        install_id = store.key.install_id
    ((service, user),) = memory_keyring.items
    assert (service, user) == (keys.KEYRING_SERVICE, install_id)
    assert_nothing_in_clear(data_dir, PERSON_ID, memory_keyring.items[(service, user)])
    with open_store(data_dir, catalog, clock) as store:  # the same machine: no question
        assert len(store.list_records().rows) == 1

    # The whole folder copied to another machine: its keyring has no such key.
    keyring.set_keyring(MemoryKeyring())
    before = files_of(data_dir)
    with pytest.raises(keys.KeyUnavailableError, match="另一台电脑"):
        open_store(data_dir, catalog, clock)
    assert files_of(data_dir) == before


def test_a_database_file_from_another_folder_is_refused_untouched(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None) -> None:
    with open_store(tmp_path / "a", catalog, clock) as store:
        store.create("CF", penalty_for_company())
    with open_store(tmp_path / "b", catalog, clock):
        pass
    foreign = (tmp_path / "a" / DB_FILENAME).read_bytes()
    (tmp_path / "b" / DB_FILENAME).write_bytes(foreign)
    with pytest.raises(keys.WrongKeyError, match="无法用本机的数据密钥解密"):
        open_store(tmp_path / "b", catalog, clock)
    assert (tmp_path / "b" / DB_FILENAME).read_bytes() == foreign


# --- a plain database encrypted in place -------------------------------------------------------

def make_plain(data_dir: Path, catalog: Catalog, clock: FixedClock, count: int) -> dict[str, int]:
    """A plain database in the data folder, as written before encryption existed."""
    path = data_dir / DB_FILENAME
    with open_store(data_dir, catalog, clock, url=f"sqlite:///{path}") as store:
        validator = store.validator("CF")
        rows = []
        for i in range(count):
            raw = penalty_for_person() | {"CF_WSH": f"阳市监罚〔2026〕{i}号"}
            rows.append((raw, validator.validate(raw)))
        store.bulk_create("CF", rows)
        (data_dir / "attachments").mkdir()
        (data_dir / "attachments" / hashlib.sha256(b"%PDF-1.4 x").hexdigest()).write_bytes(
            b"%PDF-1.4 x")
        return table_counts(path)


def table_counts(path: Path) -> dict[str, int]:
    conn = dbfile.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("records", "revisions", "audit", "outbox", "outbox_bodies",
                          "record_search")}
    finally:
        conn.close()


def test_plain_database_is_encrypted_in_place_with_every_row(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None) -> None:
    data_dir = tmp_path / "data"
    counts = make_plain(data_dir, catalog, clock, 50)
    assert db.is_plain_sqlite(data_dir / DB_FILENAME)
    with open_store(data_dir, catalog, clock) as store:
        assert store.verify_audit().ok
        assert len(store.list_records(search="阳市监罚", limit=100).rows) == 50
    assert not db.is_plain_sqlite(data_dir / DB_FILENAME)
    assert table_counts(data_dir / DB_FILENAME) == counts
    # No plain copy left behind; the plain attachment was sealed too.
    assert sorted(p.name for p in data_dir.iterdir()) == [
        "attachments", "db-key.json", DB_FILENAME, DB_FILENAME + ".checked"]
    assert_nothing_in_clear(data_dir, PERSON_ID, "张三", "%PDF")


MIGRATE_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from ygclient.catalog import bundled_catalog
    from ygclient.store import Store

    print("start", flush=True)
    Store.open(Path(sys.argv[1]), bundled_catalog(), actor="clerk").close()
    print("done", flush=True)
""")


def test_kill_9_during_the_encryption_leaves_the_original_or_the_verified_copy(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None) -> None:
    template = tmp_path / "template"
    counts = make_plain(template, catalog, clock, 3000)
    keys.database_key(template)  # the key exists already, so the child only encrypts
    rng = random.Random(9)
    outcomes = set()
    for run in range(8):
        data_dir = tmp_path / f"run{run}"
        data_dir.mkdir()
        for name in (DB_FILENAME, keys.KEY_FILE):
            (data_dir / name).write_bytes((template / name).read_bytes())
        child = subprocess.Popen([sys.executable, "-c", MIGRATE_CHILD, str(data_dir)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env=os.environ.copy())
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"start"
        time.sleep(rng.uniform(0.0, 0.6))
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate(timeout=60)
        assert b"Traceback" not in err, err.decode()
        path = data_dir / DB_FILENAME
        if db.is_plain_sqlite(path):
            outcomes.add("original")  # folded out of WAL mode perhaps, the same rows
            assert table_counts(path) == counts, f"run {run}: the original was changed"
        else:
            outcomes.add("encrypted")
            assert table_counts(path) == counts, f"run {run}"
        # The next start finishes the job, whatever state the kill left.
        with open_store(data_dir, catalog, clock) as store:
            assert store.verify_audit().ok
        assert table_counts(path) == counts
        assert sorted(p.name for p in data_dir.iterdir()) == [
            "db-key.json", DB_FILENAME, DB_FILENAME + ".checked"], f"run {run}"
    print("outcomes of the kills:", sorted(outcomes))


def test_a_failed_rename_keeps_the_plain_original(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "data"
    counts = make_plain(data_dir, catalog, clock, 20)
    real_replace = os.replace

    def full_disk(src: object, dst: object) -> None:
        if str(src).endswith(db.ENCRYPTING_SUFFIX):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full_disk)
        with pytest.raises(StoreError, match="磁盘空间已满"):
            open_store(data_dir, catalog, clock)
    # Still the plain original with every row (only folded out of WAL mode).
    assert db.is_plain_sqlite(data_dir / DB_FILENAME)
    assert table_counts(data_dir / DB_FILENAME) == counts
    assert not (data_dir / (DB_FILENAME + db.ENCRYPTING_SUFFIX)).exists()
    with open_store(data_dir, catalog, clock) as store:
        assert len(store.list_records(limit=100).rows) == 20


# --- attachments ------------------------------------------------------------------------------

def test_attachments_are_encrypted_at_rest_and_read_back(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None) -> None:
    scan = tmp_path / "身份证明.pdf"
    content = b"%PDF-1.4\n" + f"张三 {PERSON_ID}".encode() + b"\n%%EOF"
    scan.write_bytes(content)
    data_dir = tmp_path / "data"
    with open_store(data_dir, catalog, clock) as store:
        folder = data_dir / "attachments"
        kept = add_evidence(folder, scan, store.key)
        assert kept.sha256 == hashlib.sha256(content).hexdigest()
        assert (folder / kept.sha256).is_file()
        assert read_evidence(folder, kept.sha256, store.key) == content
        assert add_evidence(folder, scan, store.key) == kept
        assert_nothing_in_clear(folder, PERSON_ID, "张三", "%PDF")
        # Altered on disk: refused, never handed out.
        sealed = bytearray((folder / kept.sha256).read_bytes())
        sealed[-1] ^= 1
        (folder / kept.sha256).write_bytes(bytes(sealed))
        with pytest.raises(Exception, match="无法用本机密钥解密"):
            read_evidence(folder, kept.sha256, store.key)


def test_an_interrupted_sealing_of_old_attachments_is_finished(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None) -> None:
    data_dir = tmp_path / "data"
    folder = data_dir / "attachments"
    folder.mkdir(parents=True)
    first, second = b"%PDF-1.4 first " + PERSON_ID.encode(), b"%PDF-1.4 second"
    names = [hashlib.sha256(c).hexdigest() for c in (first, second)]
    with open_store(data_dir, catalog, clock) as store:
        key = store.key
    assert key is not None
    # Stopped after sealing the first (its clear copy still beside it), and after setting the
    # second aside under its second name only.
    (folder / names[0]).write_bytes(keys.seal(key, first, name=names[0]))
    (folder / f".plain-{names[0]}").write_bytes(first)
    (folder / f".plain-{names[1]}").write_bytes(second)
    with open_store(data_dir, catalog, clock) as store:
        assert read_evidence(folder, names[0], store.key) == first
        assert read_evidence(folder, names[1], store.key) == second
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert_nothing_in_clear(folder, PERSON_ID, "%PDF")


# --- backup and restore -----------------------------------------------------------------------

def test_backup_needs_its_passphrase_and_restores_in_a_new_folder(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None) -> None:
    backup = tmp_path / "usb" / "备份.ygbak"
    with open_store(tmp_path / "laptop", catalog, clock) as store:
        ids = {store.create("CF", penalty_for_person()).record.id for _ in range(3)}
        store.backup(backup, passphrase="backup passphrase 2026")
        with pytest.raises(keys.KeyAccessError, match="太短"):
            store.backup(tmp_path / "short.ygbak", passphrase="short")
    assert not db.is_plain_sqlite(backup)
    assert_nothing_in_clear(backup.parent, PERSON_ID, "张三")

    # The laptop is lost: a new machine, a new data folder with a key of its own.
    new_home = tmp_path / "new-machine"
    with pytest.raises(keys.PassphraseRequired):
        Store.restore(new_home, backup)
    with pytest.raises(keys.WrongPassphraseError, match="口令不对"):
        Store.restore(new_home, backup, passphrase="wrong passphrase")
    assert not (new_home / DB_FILENAME).exists()
    assert Store.restore(new_home, backup, passphrase="backup passphrase 2026") is None
    with open_store(new_home, catalog, clock) as store:
        assert {r.id for r in store.list_records().rows} == ids
        assert store.verify_audit().ok
        store.create("CF", penalty_for_company())
    assert_nothing_in_clear(new_home, PERSON_ID, "张三")

    # Restoring over records needs force, and keeps what it replaced.
    with pytest.raises(StoreError, match="--force"):
        Store.restore(new_home, backup, passphrase="backup passphrase 2026")
    kept = Store.restore(new_home, backup, passphrase="backup passphrase 2026", force=True)
    assert kept is not None and kept.parent == new_home / "backups"
    with open_store(new_home, catalog, clock) as store:
        assert {r.id for r in store.list_records().rows} == ids
    conn = dbfile.connect(kept)
    try:
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 4
    finally:
        conn.close()


def test_restore_refuses_a_file_that_is_not_a_backup(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, no_keyring: None) -> None:
    other = tmp_path / "other.sqlite3"
    conn = dbfile.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="不是本程序的数据库备份"):
        Store.restore(tmp_path / "data", other)
    assert not (tmp_path / "data" / DB_FILENAME).exists()
