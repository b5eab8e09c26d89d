"""Opening the database: connection settings, integrity check, automatic migrations.

SQLite runs every connection in WAL mode with ``synchronous=FULL`` (a
committed transaction survives a power cut), ``foreign_keys=ON`` and a busy
timeout; :func:`open_database` asserts those settings before anything is
written. Transactions are real ``BEGIN IMMEDIATE`` transactions (pysqlite's
own handling would run DDL outside them), so a migration or a write either
happens completely or not at all.

The database of the data folder is encrypted with SQLCipher (``sqlite+pysqlcipher`` over
``sqlcipher3``) under the data key of :mod:`ygclient.store.keys`, given as a raw key so that
no PBKDF runs per connection. A plain file found there is encrypted in place first
(:func:`encrypt_in_place`); temporary tables and sort files stay in memory
(``temp_store=MEMORY``). A database named by an explicit URL is opened as given.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from ygclient.store.errors import (
    CorruptDatabaseError,
    DatabaseSettingsError,
    StorageError,
    StoreError,
)
from ygclient.store.keys import DatabaseKey, WrongKeyError

READ_ONLY = "ygclient_read_only"  # execution option set by reading()
DB_FILENAME = "ygclient.sqlite3"
BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
EXPECTED_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                    "busy_timeout": BUSY_TIMEOUT_MS, "temp_store": 2}
SQLITE_HEADER = b"SQLite format 3\x00"
# Errors of either driver (pysqlite for plain files, sqlcipher3 for encrypted ones).
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)
DRIVER_OPERATIONAL: tuple[type[Exception], ...] = (sqlite3.OperationalError,
                                                   sqlcipher3.OperationalError)


def _unchanged(value: None) -> None:
    return value


def bind_plainly(driver: Any) -> None:
    """Have ``driver`` (sqlite3 or sqlcipher3) bind None and booleans without searching.

    The driver binds exact int, float, str and bytes at once. For any other value, None and
    True among them, it first looks for an adapter: finding none, it raises and clears two
    AttributeErrors, messages formatted, then binds the value as it would have anyway. That
    is 0.2 µs a value with sqlite3 and 0.9 µs with sqlcipher3: milliseconds for a batch of a
    thousand rows with a few NULLs each.
    Registered adapters are found at once and bind the same: NULL, and 1 or 0.
    """
    driver.register_adapter(type(None), _unchanged)
    driver.register_adapter(bool, int)


bind_plainly(sqlite3)
bind_plainly(sqlcipher3)


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DB_FILENAME}"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def create_db_engine(url: str, key: DatabaseKey | None = None) -> Engine:
    """An engine with the project's connection settings (not yet checked or migrated).

    With ``key`` a SQLite database is opened through SQLCipher, encrypted with that key.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            with translate_errors():
                Path(database).parent.mkdir(parents=True, exist_ok=True)
        # One connection per checkout: a file database gains nothing from pooling here,
        # and NullPool guarantees no connection outlives a thread or a fork.
        if key is None:
            engine = create_engine(url, poolclass=NullPool,
                                   connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        else:
            # The dialect sends the URL password as PRAGMA key="x'…'" before anything else.
            keyed = parsed.set(drivername="sqlite+pysqlcipher", password=key.sqlcipher)
            engine = create_engine(keyed, module=sqlcipher3, poolclass=NullPool,
                                   connect_args={"timeout": BUSY_TIMEOUT_MS / 1000,
                                                 "factory": _SerializedClose})
            event.listen(engine, "do_connect", _serialized_connect)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, isolation_level="READ COMMITTED")
    raise StoreError(f"不支持的数据库地址：{parsed.render_as_string(hide_password=True)}"
                     "（应为 sqlite:/// 或 postgresql+psycopg://）")


def bigrams(text: str | None) -> str:
    """The pairs of adjacent letters or digits in ``text``, space-separated (for record_bigrams).

    Pairs never span a separator: "阳江市 MA4W" → "阳江 江市 ma a4 4w"; lower case so that a
    search ignores case like the trigram index does.
    """
    if not text:
        return ""
    return " ".join([a + b for word in _WORDS.findall(text.lower())
                     for a, b in zip(word, word[1:], strict=False)])


_WORDS = re.compile(r"[^\W_]{2,}")


# SQLite 3.51.1 (the library inside sqlcipher3-wheels 0.5.7) can deadlock when one thread
# opens a connection while another closes the last connection of the same WAL database: the
# open takes the VFS's global mutex and then the file's lock mutex (findReusableFd), the close
# takes them the other way round (unixLock → unixIsSharingShmNode). With a connection per
# checkout that happens between the GUI thread and a background task within minutes.
# Opening and closing one at a time, process-wide, removes the inversion; queries still run
# in parallel. (Python's own sqlite3 links an older SQLite without that code path.)
_OPEN_CLOSE = threading.Lock()


class _SerializedClose(sqlcipher3.Connection):
    def close(self) -> None:
        # sqlcipher3 keeps the GIL through sqlite3_close, unlike Python's sqlite3, and the
        # last connection to close a WAL database checkpoints it there: every page written
        # since the last checkpoint copied and encrypted with every other thread stopped (the
        # end of a 5,000-row import chunk held the window for tens of milliseconds; a 60 MB
        # WAL, 170 ms). A connection that wrote checkpoints first, as a statement, which lets
        # go of the GIL; what the close has left to do is then next to nothing. PASSIVE never
        # waits for other connections: whatever it cannot copy now is copied later, as before.
        if self.total_changes and not self.in_transaction:
            with suppress(sqlcipher3.Error):  # then the close does, as before
                self.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        with _OPEN_CLOSE:
            super().close()


def _serialized_connect(dialect: Any, _record: object, cargs: Any, cparams: Any) -> Any:
    with _OPEN_CLOSE:
        return dialect.loaded_dbapi.connect(*cargs, **cparams)


def _sqlite_on_connect(dbapi_connection: Any, _record: object) -> None:
    # Take transaction control away from pysqlite; "begin" below issues BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    # Used by the record_bigrams triggers (migration 0003).
    dbapi_connection.create_function("ygc_bigrams", 1, bigrams, deterministic=True)
    cursor = dbapi_connection.cursor()
    # Temporary tables and sort files in memory: never a plaintext spill to /tmp.
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: two writers queue on the busy
    # timeout instead of failing half-way with "database is locked". A read (see reading())
    # begins DEFERRED: in WAL mode it reads its snapshot while a writer works, instead of
    # waiting for the write lock — a list shown while a 5,000-row chunk is being imported.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def reading(engine: Engine) -> Connection:
    """A connection for reading only (use it as a context manager): on SQLite its
    transaction does not take the write lock, so it never waits for a writer."""
    return engine.connect().execution_options(**{READ_ONLY: True})


def placeholder(conn: Connection) -> str:
    """The driver's parameter mark, for SQL written out by hand."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def rows_in(conn: Connection, query: str, column: str, values: Iterable[Any], *,
            params: Sequence[Any] = (), lock: bool = False) -> Iterator[tuple[Any, ...]]:
    """Rows of ``query`` (``SELECT … FROM table``, driver marks for ``params``) whose
    ``column`` is one of ``values``, straight through the driver and 500 values a statement:
    SQLAlchemy's expanding IN and row processing cost several times the database's own work
    for a thousand rows. ``lock`` adds FOR UPDATE where the database has it (SQLite's write
    transaction holds the whole file already)."""
    mark = placeholder(conn)
    tail = " FOR UPDATE" if lock and not is_sqlite(conn) else ""
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        yield from conn.exec_driver_sql(  # all at once: one driver call, not one per row
            f"{query} WHERE {column} IN ({', '.join([mark] * len(chunk))}){tail}",
            (*params, *chunk)).fetchall()


def check_settings(engine: Engine) -> None:
    """Raise DatabaseSettingsError unless every SQLite connection runs as required."""
    if not is_sqlite(engine):
        return
    with engine.connect() as conn:
        actual = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in EXPECTED_PRAGMAS}
        encrypted = engine.dialect.driver == "pysqlcipher"
        cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar() if encrypted else None
    wrong = {k: v for k, v in actual.items() if str(v).lower() != str(EXPECTED_PRAGMAS[k])}
    if encrypted and not cipher:
        raise DatabaseSettingsError("数据库没有以加密方式打开（SQLCipher 不可用），为保护个人信息"
                                    "已停止。请重新安装本程序。")
    if wrong:
        raise DatabaseSettingsError(
            "数据库连接设置不符合要求，为防止数据丢失已停止："
            + "，".join(f"{k}={v}（应为 {EXPECTED_PRAGMAS[k]}）" for k, v in wrong.items())
        )


def sqlite_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if not is_sqlite(engine) or not database or database == ":memory:":
        return None
    return Path(database)


def _file_state(path: Path) -> dict[str, int] | None:
    """Size and modification time of the database file, when no WAL content is pending."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return None
        stat = path.stat()
    except OSError:
        return None
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _checked_marker(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


def record_clean_close(engine: Engine) -> None:
    """After the last connection closed: note the file as it is now (size, time), so that
    the next open can skip the full integrity check if nothing touched it meanwhile."""
    path = sqlite_path(engine)
    if path is None:
        return
    state = _file_state(path)
    marker = _checked_marker(path)
    try:
        if state is None:  # another process still has it open, or WAL left: check next time
            marker.unlink(missing_ok=True)
        else:
            partial = marker.with_name(marker.name + ".partial")
            partial.write_text(json.dumps(state), encoding="utf-8")
            partial.replace(marker)
    except OSError:
        pass  # no marker: the next open runs the check, as it always may


def _unchanged_since_clean_close(path: Path) -> bool:
    marker = _checked_marker(path)
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    state = _file_state(path)
    return state is not None and recorded == state


def check_integrity(engine: Engine, data_dir: Path | None) -> None:
    """Run ``PRAGMA quick_check`` on an existing SQLite file; a failure stops everything.

    Skipped when the file is exactly as this program left it at its last clean close (same
    size and modification time, no WAL content): the check reads every page — on an encrypted
    store it decrypts all of them, about a second per 250 MB — and nothing has written to the
    file since it was last used. SQLCipher's per-page HMAC still catches a damaged page the
    moment it is read.
    """
    path = sqlite_path(engine)
    if path is None or not path.exists():
        return
    if _unchanged_since_clean_close(path):
        return
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except DBAPIError as exc:
        corrupt = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
        if engine_key(engine) is not None:
            # SQLCipher reports a page whose HMAC fails as a bare SQLITE_ERROR: for this
            # fixed statement that can only mean damaged (or altered) pages.
            corrupt.add("SQLITE_ERROR")
        if getattr(exc.orig, "sqlite_errorname", None) not in corrupt:
            raise  # a read-only disk, an unreadable file, a lock: not corruption
        rows = [str(exc.orig)]
    if rows == ["ok"]:
        return
    raise _corrupt(path, rows[0], data_dir)


def _corrupt(path: Path, problem: str, data_dir: Path | None) -> CorruptDatabaseError:
    backups = newest_backups(data_dir) if data_dir else ()
    offer = (f"最新的备份是 {backups[0]}，可用 ygclient restore 恢复。" if backups
             else "没有找到备份，请联系系统维护人员。")
    return CorruptDatabaseError(
        f"数据库文件 {path} 已损坏（完整性检查未通过：{problem[:120]}）。"
        f"程序未做任何修改，也不会用空数据库替换它。{offer}",
        backups,
    )


def newest_backups(data_dir: Path) -> tuple[str, ...]:
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return ()
    files = sorted(folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)
    return tuple(str(p) for p in files)


def alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, data_dir: Path | None, *, target: str = "head") -> None:
    """Bring the schema to ``target`` in one transaction, after backing up an old file."""
    from alembic import command

    current = current_revision(engine)
    if target == "head" and current == head_revision():
        return
    path = sqlite_path(engine)
    if current is not None and path is not None and data_dir is not None:
        # A schema upgrade of real data: keep the old file until the user deletes it.
        folder = backups_dir(data_dir)
        with translate_errors():
            folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite(engine, folder / f"before-upgrade-{current}-{stamp}.sqlite3")
    with translate_errors(), engine.begin() as conn:
        command.upgrade(alembic_config(conn), target)


def backup_sqlite(engine: Engine, destination: Path) -> Path:
    """Copy the database with SQLite's backup API: consistent while other writers run.

    An encrypted database gives a copy encrypted with the same key.
    """
    source = sqlite_path(engine)
    if source is None:
        raise StoreError("只有本机 SQLite 数据库可以用此命令备份；PostgreSQL 请用 pg_dump")
    secret = engine_key(engine)
    with _partial_file(destination, "备份位置") as partial:
        src = raw_connect(source, secret)
        try:
            dst = raw_connect(partial, secret)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
    return destination


def export_encrypted(engine: Engine, destination: Path, passphrase: str) -> Path:
    """A self-contained copy encrypted with ``passphrase`` (SQLCipher's own PBKDF2 key
    derivation, salt in the file), consistent while other writers run."""
    source = sqlite_path(engine)
    if source is None:
        raise StoreError("只有本机 SQLite 数据库可以用此命令备份；PostgreSQL 请用 pg_dump")
    with _partial_file(destination, "备份位置") as partial:
        src = raw_connect(source, engine_key(engine), cipher=True)
        try:
            src.execute("ATTACH DATABASE ? AS bak KEY ?", (str(partial), passphrase))
            src.execute("BEGIN")  # one read snapshot of main for the whole export
            src.execute("SELECT sqlcipher_export('bak')")
            version = src.execute("PRAGMA main.user_version").fetchone()[0]
            src.execute(f"PRAGMA bak.user_version = {int(version)}")
            src.execute("COMMIT")
            src.execute("DETACH DATABASE bak")
        finally:
            src.close()
        check = raw_connect(partial, passphrase=passphrase)
        try:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StoreError("备份文件写入后校验未通过，请换一个位置重试")
        finally:
            check.close()
    return destination


@contextmanager
def _partial_file(destination: Path, place: str) -> Iterator[Path]:
    """Write ``destination.partial`` and rename it; a failure leaves nothing behind."""
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".partial")
    with translate_errors(place=place):
        destination.parent.mkdir(parents=True, exist_ok=True)
        _remove_database_file(partial)
        try:
            yield partial
            _fsync(partial)
            partial.replace(destination)
            _fsync_dir(destination.parent)
        except BaseException:
            # A half-written copy is of no use and may hold personal data: never leave it.
            _remove_database_file(partial)
            raise


def engine_key(engine: Engine) -> str | None:
    """The SQLCipher key an engine opens its database with (None for a plain one)."""
    if engine.dialect.driver != "pysqlcipher":
        return None
    return engine.url.password


def raw_connect(path: Path | str, key: str | None = None, *, passphrase: str | None = None,
                cipher: bool = False, **options: Any) -> Any:
    """A DB-API connection to a SQLite file outside SQLAlchemy (backup, migration, tests).

    ``key`` is a raw SQLCipher key (``DatabaseKey.sqlcipher``), ``passphrase`` a text one;
    with neither the file is read as plain SQLite (through SQLCipher when ``cipher``, so
    that ``sqlcipher_export`` is available).
    """
    options.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
    if key is None and passphrase is None and not cipher:
        return sqlite3.connect(path, **options)
    with _OPEN_CLOSE:  # see _SerializedClose
        conn = sqlcipher3.connect(str(path), factory=_SerializedClose, **options)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f'PRAGMA key = "{key}"')
        elif passphrase is not None:
            conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
        conn.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        conn.close()
        raise
    return conn


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file (its header is in clear)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def _table_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0]
            for n in names}


def prepare_encrypted(path: Path, key: DatabaseKey, data_dir: Path | None) -> None:
    """Before an encrypted open: finish or undo an interrupted migration, encrypt a plain
    database (and plain automatic backups) in place."""
    with translate_errors():
        leftover = path.with_name(path.name + PLAIN_BACKUP_SUFFIX)
        partial = path.with_name(path.name + ENCRYPTING_SUFFIX)
        _remove_database_file(partial)  # an interrupted export: the original is intact
        if leftover.exists():
            if path.exists() and not _same_file(leftover, path) and not is_plain_sqlite(path):
                shred(leftover)  # the encrypted copy replaced it: the clear copy must go
            else:
                leftover.unlink()  # a second name of the original itself
        if is_plain_sqlite(path):
            encrypt_in_place(path, key, data_dir)
        if data_dir is not None and backups_dir(data_dir).is_dir():
            for old in sorted(backups_dir(data_dir).glob("*.sqlite3")):
                if is_plain_sqlite(old):
                    encrypt_in_place(old, key, None)


PLAIN_BACKUP_SUFFIX = ".plain-backup"
ENCRYPTING_SUFFIX = ".encrypting"


def encrypt_in_place(path: Path, key: DatabaseKey, data_dir: Path | None) -> None:
    """Replace the plain SQLite file ``path`` by an encrypted copy, atomically.

    The copy is written beside it (``sqlcipher_export``) and verified (integrity check,
    row count of every table) before a rename puts it in place; until then the original is
    untouched, so a crash at any point leaves either it or the verified copy. The plain
    original stays under a second name until the copy verifies at its final place, then is
    overwritten and removed.
    """
    partial = path.with_name(path.name + ENCRYPTING_SUFFIX)
    backup = path.with_name(path.name + PLAIN_BACKUP_SUFFIX)
    _remove_database_file(partial)
    plain = raw_connect(path, cipher=True, isolation_level=None)
    try:
        problem = plain.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise _corrupt(path, str(problem), data_dir)
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _table_counts(plain)
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        plain.execute("ATTACH DATABASE ? AS enc KEY ?", (str(partial), key.sqlcipher))
        plain.execute("SELECT sqlcipher_export('enc')")
        plain.execute(f"PRAGMA enc.user_version = {version}")
        plain.execute("DETACH DATABASE enc")
        # Out of WAL: the original becomes one self-contained file, no plain -wal beside it.
        plain.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        plain.close()
        _remove_database_file(partial)
        raise
    plain.close()
    try:
        _verify_copy(partial, key.sqlcipher, counts, path)
        _fsync(partial)
        backup.unlink(missing_ok=True)
        _second_name(path, backup)
        os.replace(partial, path)
        _fsync_dir(path.parent)
    except BaseException:
        _remove_database_file(partial)
        raise
    _verify_copy(path, key.sqlcipher, counts, path)
    shred(backup)


def _verify_copy(copy: Path, secret: str | None, counts: dict[str, int], original: Path) -> None:
    conn = raw_connect(copy, secret)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        same = ok and _table_counts(conn) == counts
    finally:
        conn.close()
    if not same:
        raise StoreError(f"加密数据库 {original} 时校验未通过，原文件保持不变。"
                         "请联系系统维护人员。")


def shred(path: Path) -> None:
    """Overwrite a file with zeros, flush it to disk and remove it.

    Best effort against casual recovery; SSDs and journaling or copy-on-write file systems
    may still keep old blocks (docs/security.md).
    """
    try:
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as handle:
            chunk = b"\0" * (1024 * 1024)
            left = size
            while left > 0:
                left -= handle.write(chunk[:min(left, len(chunk))])
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)


def _second_name(path: Path, backup: Path) -> None:
    """``backup`` names the same contents as ``path``: a hard link, or a copy where the file
    system has none (FAT); either way removed once the encrypted copy verifies."""
    try:
        os.link(path, backup)
    except FileExistsError:
        raise
    except OSError:
        import shutil

        shutil.copyfile(path, backup)
        _fsync(backup)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _remove_database_file(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + extra).unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_key(engine: Engine) -> None:
    """WrongKeyError when an existing encrypted database does not open with the key."""
    path = sqlite_path(engine)
    if engine_key(engine) is None or path is None or not path.exists():
        return
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlite_errorname", None) != "SQLITE_NOTADB":
            raise
        raise WrongKeyError(
            f"数据库文件 {path} 无法用本机的数据密钥解密：它可能来自另一台电脑或另一个数据"
            "文件夹，或者已损坏。程序没有做任何修改。请从备份恢复（ygclient restore）。"
        ) from None


_TRANSLATED: tuple[type[BaseException], ...] = (OperationalError, *DRIVER_OPERATIONAL, OSError)


@contextmanager
def translate_errors(place: str = "数据文件夹") -> Iterator[None]:
    """Turn disk-full, read-only and lock errors into a StorageError with a Chinese message."""
    try:
        yield
    except _TRANSLATED as exc:
        raise StorageError(storage_message(exc, place)) from exc


def storage_message(exc: BaseException, place: str = "数据文件夹") -> str:
    text_ = str(getattr(exc, "orig", None) or exc).lower()
    if "disk is full" in text_ or "no space" in text_ or "database or disk is full" in text_:
        return "磁盘空间已满，刚才的操作没有保存（之前保存的内容不受影响）。请释放磁盘空间后重试。"
    if "readonly" in text_ or "read-only" in text_ or "permission denied" in text_:
        return f"{place}是只读的，刚才的操作没有保存。请检查文件夹权限或磁盘是否写保护后重试。"
    if "locked" in text_ or "busy" in text_:
        return "数据库正被另一个程序占用，刚才的操作没有保存。请稍后重试。"
    if "unable to open" in text_:
        return "无法打开数据库文件，请检查数据文件夹是否存在且可以写入。"
    return f"数据库操作失败，刚才的操作没有保存：{type(exc).__name__}"


def open_database(url: str, data_dir: Path | None, key: DatabaseKey | None = None) -> Engine:
    """Create the engine, refuse a corrupt file, assert the settings, migrate to head.

    With ``key`` the SQLite database is encrypted (a plain one is encrypted in place first).
    """
    engine = create_db_engine(url, key)
    try:
        path = sqlite_path(engine)
        if key is not None and path is not None:
            prepare_encrypted(path, key, data_dir)
        with translate_errors():
            check_key(engine)
            check_integrity(engine, data_dir)
            check_settings(engine)
            migrate(engine, data_dir)
    except BaseException:
        engine.dispose()
        raise
    return engine



def restore_database(source: Path, path: Path, key: DatabaseKey | None, *,
                     passphrase: str | None, data_dir: Path | None,
                     force: bool = False) -> Path | None:
    """Put the backup ``source`` in place of the database file ``path``.

    ``source`` may be encrypted with ``passphrase`` (``ygclient backup``), with the data key
    (automatic backups) or plain (older backups). It is checked first; a store that holds
    records is replaced only with ``force``, and then kept under ``backups/``. The new file
    is encrypted with ``key`` and verified before a rename puts it in place.
    """
    from ygclient.store.keys import PassphraseRequired, WrongPassphraseError

    if not source.is_file():
        raise StoreError(f"找不到备份文件 {source}")
    with translate_errors(place="备份文件所在位置"):
        src = _open_backup(source, key, passphrase)
    try:
        with translate_errors(place="备份文件所在位置"):
            if src is None:
                if passphrase is None:
                    raise PassphraseRequired("备份文件已加密，请输入备份时设定的口令", "existing")
                raise WrongPassphraseError("备份文件无法解密：口令不对，或文件不是本程序的备份"
                                           "（本地数据没有任何改动）")
            names = {r[0] for r in src.execute("SELECT name FROM sqlite_master")}
            if "records" not in names or "alembic_version" not in names:
                raise StoreError(f"文件 {source} 不是本程序的数据库备份（本地数据没有任何改动）")
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StoreError(f"备份文件 {source} 已损坏（完整性检查未通过），未恢复")
            held = _records_held(path, key)
            if held and not force:
                raise StoreError(f"本地数据库已有 {held} 条记录；恢复会替换全部本地数据。确需恢复"
                                 "请加 --force（被替换的数据库会保留在 backups 文件夹中）")
            counts = _table_counts(src)
            partial = path.with_name(path.name + ".restoring")
            _remove_database_file(partial)
            path.parent.mkdir(parents=True, exist_ok=True)
            secret = key.sqlcipher if key is not None else ""
            try:
                src.execute("ATTACH DATABASE ? AS fresh KEY ?", (str(partial), secret))
                src.execute("SELECT sqlcipher_export('fresh')")
                version = int(src.execute("PRAGMA main.user_version").fetchone()[0])
                src.execute(f"PRAGMA fresh.user_version = {version}")
                src.execute("DETACH DATABASE fresh")
                _verify_copy(partial, key.sqlcipher if key is not None else None, counts, path)
                _fsync(partial)
            except BaseException:
                _remove_database_file(partial)
                raise
    finally:
        if src is not None:
            src.close()
    with translate_errors():
        kept = _set_aside(path, key, data_dir) if path.exists() else None
        os.replace(partial, path)
        _fsync_dir(path.parent)
    return kept


def _open_backup(source: Path, key: DatabaseKey | None, passphrase: str | None) -> Any:
    """A connection that reads ``source``, or None when no key or passphrase given fits."""
    candidates: list[dict[str, Any]] = []
    if is_plain_sqlite(source):
        candidates.append({"cipher": True})
    else:
        if passphrase is not None:
            candidates.append({"passphrase": passphrase})
        if key is not None:
            candidates.append({"key": key.sqlcipher})
    for options in candidates:
        conn = raw_connect(source, isolation_level=None, **options)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlcipher3.DatabaseError:
            conn.close()
    return None


def _records_held(path: Path, key: DatabaseKey | None) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    conn = raw_connect(path, key.sqlcipher if key is not None else None)
    try:
        return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    except (sqlite3.DatabaseError, sqlcipher3.DatabaseError):
        return 0  # no records table yet (an empty or unmigrated file)
    finally:
        conn.close()


def _set_aside(path: Path, key: DatabaseKey | None, data_dir: Path | None) -> Path:
    """Move the database out of the way, whole (WAL folded in), into backups/."""
    conn = raw_connect(path, key.sqlcipher if key is not None else None, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    folder = backups_dir(data_dir) if data_dir is not None else path.parent
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = folder / f"replaced-by-restore-{stamp}.sqlite3"
    os.replace(path, kept)
    return kept
