"""Closing an encrypted connection does not stop the other threads.

sqlcipher3 keeps the GIL through ``sqlite3_close``, and the last connection to close a WAL
database checkpoints it there (see ``_SerializedClose`` in ygclient/store/db.py): the
window froze while a background task closed the connection it had written with. A connection
that wrote now checkpoints first, as a statement, with the GIL let go. How long another thread
stops either way is printed by bench/bench_encryption.py (a 31 MiB WAL: 77 ms with
sqlcipher3's own close, 12 ms with the store's).
"""

from __future__ import annotations

import os
from pathlib import Path

from ygclient.store import db

PASSPHRASE = "close test passphrase"


def encrypted(path: Path) -> tuple[object, list[str]]:
    conn = db.raw_connect(path, passphrase=PASSPHRASE, isolation_level=None,
                           check_same_thread=False)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")  # everything written stays in the WAL
    return conn, statements


def fill(conn: object, rows: int) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS t(x BLOB)")  # type: ignore[attr-defined]
    conn.execute("BEGIN")  # type: ignore[attr-defined]
    conn.executemany("INSERT INTO t VALUES (?)",  # type: ignore[attr-defined]
                     ((os.urandom(200),) for _ in range(rows)))
    conn.execute("COMMIT")  # type: ignore[attr-defined]


def checkpoints(statements: list[str]) -> list[str]:
    return [s for s in statements if "wal_checkpoint" in s]


def test_a_connection_that_wrote_checkpoints_before_it_closes(tmp_path: Path) -> None:
    path = tmp_path / "data.db"
    writer, written = encrypted(path)
    fill(writer, 1_000)
    reader, read = encrypted(path)
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (1_000,)  # type: ignore[attr-defined]
    writer.close()  # type: ignore[attr-defined]
    assert checkpoints(written) == ["PRAGMA wal_checkpoint(PASSIVE)"]
    # The reader is still open, so the close itself did not checkpoint: the statement did,
    # and the WAL's frames are all in the database file now.
    busy, frames, copied = reader.execute(  # type: ignore[attr-defined]
        "PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and frames > 0 and copied == frames
    reader.close()  # type: ignore[attr-defined]
    assert checkpoints(read) == ["PRAGMA wal_checkpoint(PASSIVE)"]  # only the test's own
    again, _ = encrypted(path)
    assert again.execute("SELECT count(*) FROM t").fetchone() == (1_000,)  # type: ignore[attr-defined]
    again.close()  # type: ignore[attr-defined]


def test_a_connection_that_only_read_closes_without_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "data.db"
    writer, _ = encrypted(path)
    fill(writer, 10)
    writer.close()  # type: ignore[attr-defined]
    reader, read = encrypted(path)
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (10,)  # type: ignore[attr-defined]
    reader.close()  # type: ignore[attr-defined]
    assert checkpoints(read) == []

