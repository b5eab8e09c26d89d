"""Opening the database: connection settings, integrity check, automatic migrations.

SQLite runs every connection in WAL mode with ``synchronous=FULL`` (a
committed transaction survives a power cut), ``foreign_keys=ON`` and a busy
timeout; :func:`open_database` asserts those settings before anything is
written. Transactions are real ``BEGIN IMMEDIATE`` transactions (pysqlite's
own handling would run DDL outside them), so a migration or a write either
happens completely or not at all.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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

DB_FILENAME = "ygclient.sqlite3"
BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
EXPECTED_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                    "busy_timeout": BUSY_TIMEOUT_MS}


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DB_FILENAME}"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def create_db_engine(url: str) -> Engine:
    """An engine with the project's connection settings (not yet checked or migrated)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            with translate_errors():
                Path(database).parent.mkdir(parents=True, exist_ok=True)
        # One connection per checkout: a file database gains nothing from pooling here,
        # and NullPool guarantees no connection outlives a thread or a fork.
        engine = create_engine(url, poolclass=NullPool,
                               connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
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


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Take transaction control away from pysqlite; "begin" below issues BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    # Used by the record_bigrams triggers (migration 0003).
    dbapi_connection.create_function("ygc_bigrams", 1, bigrams, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: two writers queue on the busy
    # timeout instead of failing half-way with "database is locked".
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def check_settings(engine: Engine) -> None:
    """Raise DatabaseSettingsError unless every SQLite connection runs as required."""
    if not is_sqlite(engine):
        return
    with engine.connect() as conn:
        actual = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in EXPECTED_PRAGMAS}
    wrong = {k: v for k, v in actual.items() if str(v).lower() != str(EXPECTED_PRAGMAS[k])}
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


def check_integrity(engine: Engine, data_dir: Path | None) -> None:
    """Run ``PRAGMA quick_check`` on an existing SQLite file; a failure stops everything."""
    path = sqlite_path(engine)
    if path is None or not path.exists():
        return
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlite_errorname", None) not in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
            raise  # a read-only disk, an unreadable file, a lock: not corruption
        rows = [str(exc.orig)]
    if rows == ["ok"]:
        return
    backups = newest_backups(data_dir) if data_dir else ()
    offer = (f"最新的备份是 {backups[0]}，可用 ygclient restore 恢复。" if backups
             else "没有找到备份，请联系系统维护人员。")
    raise CorruptDatabaseError(
        f"数据库文件 {path} 已损坏（完整性检查未通过：{rows[0][:120]}）。"
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
    """Copy the database with SQLite's backup API: consistent while other writers run."""
    source = sqlite_path(engine)
    if source is None:
        raise StoreError("只有本机 SQLite 数据库可以用此命令备份；PostgreSQL 请用 pg_dump")
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".partial")
    with translate_errors(place="备份位置"):
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        try:
            src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                finally:
                    dst.close()
            finally:
                src.close()
            partial.replace(destination)
        except BaseException:
            # A half-written copy holds personal data and is of no use: never leave it behind.
            partial.unlink(missing_ok=True)
            raise
    return destination


@contextmanager
def translate_errors(place: str = "数据文件夹") -> Iterator[None]:
    """Turn disk-full, read-only and lock errors into a StorageError with a Chinese message."""
    try:
        yield
    except (OperationalError, sqlite3.OperationalError, OSError) as exc:
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


def open_database(url: str, data_dir: Path | None) -> Engine:
    """Create the engine, refuse a corrupt file, assert the settings, migrate to head."""
    engine = create_db_engine(url)
    try:
        with translate_errors():
            check_integrity(engine, data_dir)
            check_settings(engine)
            migrate(engine, data_dir)
    except BaseException:
        engine.dispose()
        raise
    return engine

