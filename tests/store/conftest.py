"""Store fixtures: a real SQLite file in tmp_path, and a real PostgreSQL schema when a server runs.

PostgreSQL: set YGCLIENT_TEST_PG to a SQLAlchemy URL (default: the local server over its
Unix socket, database ygclient_test, peer authentication — no password anywhere). Each test
gets a schema of its own, dropped afterwards. Without a reachable server the PostgreSQL
variants skip with a message; .ci/run sets YGCLIENT_REQUIRE_PG=1 so that CI fails instead.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from ygclient.catalog import Catalog, bundled_catalog
from ygclient.clock import FixedClock
from ygclient.store import Store
from ygclient.store.db import open_database

PG_URL = os.environ.get(
    "YGCLIENT_TEST_PG", "postgresql+psycopg:///ygclient_test?host=/var/run/postgresql")
TODAY = dt.date(2026, 11, 26)


def _pg_available() -> str | None:
    """None when reachable, else why not."""
    try:
        engine = create_engine(PG_URL)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "not here"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def pg_reason() -> str | None:
    return _pg_available()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture
def pg_url(pg_reason: str | None) -> Iterator[str]:
    if pg_reason is not None:
        if os.environ.get("YGCLIENT_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is required here but not reachable at {PG_URL}: {pg_reason}")
        pytest.skip(f"no PostgreSQL server reachable at {PG_URL} ({pg_reason}); "
                    "start one or set YGCLIENT_TEST_PG")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options={quote(f'-csearch_path={schema},public')}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


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
