"""Schema migrations: automatic, atomic, and an old database keeps every row."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests import dbfile
from ygclient.catalog import Catalog
from ygclient.clock import FixedClock
from ygclient.store import Store, db
from ygclient.store.db import create_db_engine, current_revision, head_revision, migrate
from ygclient.store.schema import metadata

FIXTURE = Path(__file__).parent / "fixtures" / "store-0001.sqlite3"
TABLES = ("records", "revisions", "outbox", "audit", "audit_head", "meta")
ADDED_LATER = {"search_text", "import_batch_id", "import_row", "case_id"}  # columns of 0002+


def dump(path: Path, tables: tuple[str, ...] = TABLES) -> dict[str, list[dict[str, Any]]]:
    conn = dbfile.connect(path)  # the data folder's file is encrypted once opened
    try:
        out = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table} ORDER BY 1")
            names = [d[0] for d in cursor.description]
            out[table] = [dict(zip(names, row, strict=True)) for row in cursor]
        return out
    finally:
        conn.close()


def test_fixture_written_by_revision_0001_upgrades_with_every_row(
    tmp_path: Path, catalog: Catalog, clock: FixedClock
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db_file = data_dir / "ygclient.sqlite3"
    shutil.copyfile(FIXTURE, db_file)
    before = dump(db_file)
    assert len(before["records"]) == 3 and len(before["audit"]) == 3
    with Store.open(data_dir, catalog, actor="clerk", clock=clock) as store:
        assert current_revision(store.engine) == head_revision()
        report = store.verify_audit()
        assert report.ok, report.problems
        # Revision 0002 filled the search text of the existing rows.
        assert [r.subject_name for r in store.list_records(search="海韵贸易").rows] == [
            "阳江市江城区海韵贸易有限公司"]
        assert len(store.list_records(search="阳市").rows) == 3
        # ... and revision 0003 indexed their character pairs for two-character searches.
        assert [r.subject_name for r in store.list_records(search="海韵").rows] == [
            "阳江市江城区海韵贸易有限公司"]
    after = dump(db_file)
    # Revision 0007 moved the operations' bodies to a table of their own.
    bodies = {row["seq"]: row["body"] for row in dump(db_file, ("outbox_bodies",))
              ["outbox_bodies"]}
    assert len(bodies) == len(before["outbox"]) > 0
    after["outbox"] = [row | {"body": bodies[row["seq"]]} for row in after["outbox"]]
    for table in TABLES:
        rows = [{k: v for k, v in row.items() if k not in ADDED_LATER} for row in after[table]]
        assert rows == before[table], table
    # The plain file was encrypted in place before upgrading: no clear copy is left.
    assert not db.is_plain_sqlite(db_file)
    assert sorted(p.name for p in data_dir.iterdir()) == [
        "backups", "db-key.json", "ygclient.sqlite3", "ygclient.sqlite3.checked"]
    # The old file was kept, untouched (but encrypted), before upgrading.
    backups = list((data_dir / "backups").glob("before-upgrade-0001-*.sqlite3"))
    assert len(backups) == 1
    assert dump(backups[0]) == before


def _ours(name: str | None, type_: str, parent_names: Any) -> bool:
    # The search index is database-specific and deliberately not in schema.py.
    return not (name or "").startswith(
        ("record_search", "record_bigrams", "ix_records_search_trgm"))


def test_models_match_the_migrated_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _ours})
        assert compare_metadata(context, metadata) == []


def test_a_failing_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    db_file = tmp_path / "ygclient.sqlite3"
    shutil.copyfile(FIXTURE, db_file)
    before = dump(db_file)
    engine = create_db_engine(f"sqlite:///{db_file}")
    from alembic.operations import Operations

    original = Operations.execute

    def fail_on_fts(self: Operations, sql: Any, *args: Any, **kwargs: Any) -> Any:
        if "fts5" in str(sql):
            raise RuntimeError("simulated crash half-way through revision 0002")
        return original(self, sql, *args, **kwargs)

    monkeypatch.setattr(Operations, "execute", fail_on_fts)
    try:
        with pytest.raises(RuntimeError, match="simulated crash"):
            migrate(engine, None)
        assert current_revision(engine) == "0001"
    finally:
        engine.dispose()
    assert dump(db_file) == before  # the column added before the failure is gone too
