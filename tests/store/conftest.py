"""Store fixtures: a real SQLite file in tmp_path, and a real PostgreSQL schema (pg_url,
tests/conftest.py) when a server runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from ygclient.catalog import Catalog, bundled_catalog
from ygclient.clock import FixedClock
from ygclient.store import Store
from ygclient.store.db import open_database

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, catalog: Catalog,
          clock: FixedClock) -> Iterator[Store]:
    """A migrated store on a real database of each kind."""
    if request.param == "sqlite":
        s = Store.open(tmp_path / "data", catalog, actor="clerk", clock=clock)
    else:
        url = request.getfixturevalue("pg_url")
        s = Store(open_database(url, None), catalog, actor="clerk", clock=clock)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path, catalog: Catalog, clock: FixedClock) -> Iterator[Store]:
    s = Store.open(tmp_path / "data", catalog, actor="clerk", clock=clock)
    try:
        yield s
    finally:
        s.close()
