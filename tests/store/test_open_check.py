"""The integrity check at open runs unless the file is exactly as the last clean close left
it: after a crash, after another program wrote to it, or with WAL content pending, it runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from tests.catalog.records import penalty_for_company
from ygclient.catalog import Catalog
from ygclient.clock import FixedClock
from ygclient.store import Store
from ygclient.store.db import DB_FILENAME


@pytest.fixture
def checks() -> Iterator[list[str]]:
    """Every PRAGMA quick_check any engine runs (SQLAlchemy's class-level event)."""
    seen: list[str] = []

    def spy(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "quick_check" in statement:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", spy)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", spy)


def open_store(folder: Path, catalog: Catalog, clock: FixedClock) -> Store:
    return Store.open(folder, catalog, actor="clerk", clock=clock)


def test_a_clean_close_spares_the_next_open_the_full_check(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, checks: list[str]) -> None:
    folder = tmp_path / "data"
    store = open_store(folder, catalog, clock)
    record_id = store.create("CF", penalty_for_company()).record.id
    store.close()
    assert (folder / (DB_FILENAME + ".checked")).exists()
    checks.clear()
    with open_store(folder, catalog, clock) as again:
        assert checks == []
        assert again.get(record_id).subject_name == penalty_for_company()["CF_XDR_MC"]


def test_after_a_crash_the_check_runs(tmp_path: Path, catalog: Catalog, clock: FixedClock,
                                      checks: list[str]) -> None:
    folder = tmp_path / "data"
    store = open_store(folder, catalog, clock)
    store.close()
    crashed = open_store(folder, catalog, clock)
    crashed.create("CF", penalty_for_company())  # then the process dies: no clean close
    crashed.engine.dispose()  # (its connections go with the process)
    checks.clear()
    open_store(folder, catalog, clock).close()
    assert len(checks) == 1


def test_a_file_changed_after_the_close_is_checked(
        tmp_path: Path, catalog: Catalog, clock: FixedClock, checks: list[str]) -> None:
    folder = tmp_path / "data"
    open_store(folder, catalog, clock).close()
    path = folder / DB_FILENAME
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # touched
    checks.clear()
    open_store(folder, catalog, clock).close()
    assert len(checks) == 1
