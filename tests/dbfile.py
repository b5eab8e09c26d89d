"""Opening a data folder's database file outside the store, as the tests inspect it.

The data folder's database is encrypted (SQLCipher) with the folder's data key; this
connects to it with that key, or with plain sqlite3 when the file is not encrypted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3

from ygclient.store import db, keys

DatabaseError = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def connect(database: str | Path, data_dir: Path | None = None, **options: Any) -> Any:
    """``sqlite3.connect`` for a database file of a data folder, encrypted or not."""
    text = str(database)
    path = Path(text[5:].split("?")[0]) if text.startswith("file:") else Path(text)
    if not path.exists() or path.stat().st_size == 0 or db.is_plain_sqlite(path):
        return sqlite3.connect(database, **options)
    key = keys.database_key(data_dir or data_dir_of(path), create=False)
    return db.raw_connect(database, key.sqlcipher, **options)


def data_dir_of(path: Path) -> Path:
    """The data folder whose key encrypts ``path``: the nearest folder with a key file at or
    just below one of the three folders above ``path`` (copies of a folder share its key)."""
    for folder in list(path.parents)[:3]:
        if keys.key_file(folder).is_file():
            return folder
        beside = sorted(f.parent for f in folder.glob(f"*/{keys.KEY_FILE}"))
        if beside:
            return beside[0]
    raise LookupError(f"no data folder key found for {path}")
