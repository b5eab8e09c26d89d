"""bind_plainly: None and booleans reach SQLite without the driver's adapter search, and are
stored exactly as before (NULL; 1 and 0)."""

from __future__ import annotations

import sqlite3
from types import ModuleType

import pytest
import sqlcipher3

from ygclient.store import db


@pytest.mark.parametrize("driver", [sqlite3, sqlcipher3], ids=["sqlite3", "sqlcipher3"])
def test_none_and_booleans_are_bound_as_before_without_a_search(driver: ModuleType) -> None:
    db.bind_plainly(driver)  # done on import already; again is harmless
    for kind in (type(None), bool):
        assert (kind, driver.PrepareProtocol) in driver.adapters
    conn = driver.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (a, b, c, d)")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [(None, True, False, 7)])
        row = conn.execute("SELECT a, b, c, d, typeof(a), typeof(b), typeof(c) FROM t").fetchone()
    finally:
        conn.close()
    assert row == (None, 1, 0, 7, "null", "integer", "integer")
