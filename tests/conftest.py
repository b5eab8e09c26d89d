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


TEST_PASSPHRASE = "测试口令 test passphrase"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data folder; nothing touches the real user profile.

    The data folder's database is encrypted; this machine class has no keyring, so the data
    key is wrapped with a passphrase, given as YGCLIENT_PASSPHRASE (subprocesses inherit it).
    In this process new keys are wrapped with a cheap scrypt cost so that hundreds of fresh
    folders stay fast; tests/store/test_encryption.py checks the real cost.
    """
    import keyring
    from keyring.backends import fail

    from ygclient.store import keys

    home = tmp_path / "ygclient-home"
    monkeypatch.setenv("YGCLIENT_HOME", str(home))
    # No keyring, as on this machine class, unless a test sets one explicitly: keyring's own
    # discovery would otherwise pick any KeyringBackend subclass a test module defines, and a
    # data key kept there would be out of reach of the ygclient subprocesses tests start.
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    # A patcher of its own: a test's monkeypatch.undo() must not take the passphrase away.
    try:
        with pytest.MonkeyPatch.context() as keep:
            keep.setenv(keys.PASSPHRASE_ENV, TEST_PASSPHRASE)
            keep.setattr(keys, "SCRYPT_N", 2**10)
            yield home
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No OS keyring (what data_dir already sets up, said explicitly by tests that depend on
    it): passphrase mode for the data key, tokens in memory only."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


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
