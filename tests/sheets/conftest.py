"""Spreadsheet fixtures: the demo catalog, and a store on a real SQLite file in the test's data
folder (the same folder the CLI uses, so CLI runs and direct calls see one database)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sheets.books import TODAY
from ygclient.catalog import Catalog, bundled_catalog
from ygclient.clock import FixedClock
from ygclient.store import Store


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture
def store(data_dir: Path, catalog: Catalog) -> Iterator[Store]:
    s = Store.open(data_dir, catalog, actor="clerk", clock=FixedClock(TODAY))
    try:
        yield s
    finally:
        s.close()
