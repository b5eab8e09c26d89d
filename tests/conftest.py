"""Shared test set-up: headless Qt, a private data folder per test, strict Hypothesis."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

# No example database in the working tree; CI runs must be repeatable.
settings.register_profile("ygclient", database=None, deadline=None)
settings.load_profile("ygclient")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; nothing touches the real user profile."""
    home = tmp_path / "ygclient-home"
    monkeypatch.setenv("YGCLIENT_HOME", str(home))
    return home


# --- PostgreSQL -------------------------------------------------------------------------
# Set YGCLIENT_TEST_PG to a SQLAlchemy URL (default: the local server over its Unix socket,
# database ygclient_test, peer authentication — no password anywhere). Each test gets a
# schema of its own, dropped afterwards. Without a reachable server the PostgreSQL variants
# skip with a message; .ci/run sets YGCLIENT_REQUIRE_PG=1 so that CI fails instead.

PG_URL = os.environ.get(
    "YGCLIENT_TEST_PG", "postgresql+psycopg:///ygclient_test?host=/var/run/postgresql")


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
