"""Write tests/store/fixtures/store-0001.sqlite3: a database as schema revision 0001 left it.

Run once when the fixture is (re)made; the upgrade test then proves that every later
revision keeps every row. The rows are written with plain SQL in 0001's shape (no
search_text column), exactly as a client of that revision stored them.

    .venv/bin/python tools/make_store_fixture.py
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

from sqlalchemy import insert, select, text, update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.catalog.records import penalty_for_company, penalty_for_person  # noqa: E402
from ygclient.catalog import bundled_catalog  # noqa: E402
from ygclient.clock import FixedClock  # noqa: E402
from ygclient.store import db  # noqa: E402
from ygclient.store.audit import canonical_json, chain, sha256_text, snapshot_digest  # noqa: E402
from ygclient.store.schema import audit, audit_head, records, revisions  # noqa: E402

TARGET = ROOT / "tests" / "store" / "fixtures" / "store-0001.sqlite3"
NOW = "2026-11-20T09:30:00+08:00"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = db.create_db_engine(f"sqlite:///{TARGET}")
    db.migrate(engine, None, target="0001")
    catalog = bundled_catalog()
    validator = catalog.validator("CF", clock=FixedClock(dt.date(2026, 11, 20)))
    samples = [
        ("01939a10-0000-7000-8000-000000000001", penalty_for_company(), "accepted"),
        ("01939a10-0000-7000-8000-000000000002", penalty_for_person(), "ready"),
        ("01939a10-0000-7000-8000-000000000003", {"CF_WSH": "阳市监罚〔2026〕99号",
                                                   "CF_XDR_MC": "阳江市阳东区测试商行"}, "draft"),
    ]
    entries = []
    # The columns revision 0001 had (later revisions added the others).
    record_cols = {c.name for c in records.columns} - {"search_text", "seq", "import_batch_id",
                                                      "import_row"}
    with engine.begin() as conn:
        for n, (record_id, raw, state) in enumerate(samples, start=1):
            result = validator.validate(raw)
            payload = canonical_json(result.normalized)
            revision_id = record_id[:-12] + f"{n:06d}000001"
            revision = {
                "id": revision_id, "record_id": record_id, "number": 1, "kind": "create",
                "replaces_revision_id": None, "catalog_version": catalog.version,
                "payload": payload, "payload_sha256": sha256_text(payload),
                "draft_input": canonical_json(raw), "reason": None, "legal_basis": None,
                "created_at": NOW, "created_by": "clerk", "updated_at": NOW,
                "frozen_at": NOW if state == "accepted" else None,
            }
            normalized = result.normalized
            record = {
                "id": record_id, "item_code": "CF", "state": state, "resolution": None,
                "current_revision_id": revision_id,
                "accepted_revision_id": revision_id if state == "accepted" else None,
                "catalog_version": catalog.version,
                "subject_name": normalized.get("CF_XDR_MC", ""),
                "subject_code": normalized.get("CF_XDR_SHXYM") or normalized.get("CF_XDR_ZJHM"),
                "subject_is_person": "CF_XDR_ZJHM" in normalized,
                "document_number": normalized.get("CF_WSH"),
                "decision_date": normalized.get("CF_JDRQ"), "reporting_due": None,
                "reporting_due_estimated": False, "disclosure_end": normalized.get("CF_GSJZQ"),
                "server_reasons": None, "created_at": NOW, "created_by": "clerk",
                "updated_at": NOW, "updated_by": "clerk", "row_version": 1,
            }
            assert set(record) == record_cols
            conn.execute(insert(records).values(record))
            conn.execute(insert(revisions).values(revision))
            entries.append({"at": NOW, "actor": "clerk", "action": "create",
                            "record_id": record_id, "revision_id": revision_id,
                            "before_sha256": None, "reason": None, "detail": None,
                            "after_sha256": snapshot_digest(record, [revision])})
            if state == "accepted":
                # In 0001's shape: the body was a column of the outbox until 0007.
                conn.execute(text(
                    "INSERT INTO outbox (idempotency_key, op, record_id, revision_id, body, "
                    "state, attempts, created_at, updated_at) VALUES (:key, 'create', :record, "
                    ":revision, :body, 'done', 1, :now, :now)"),
                    {"key": record_id[:-3] + "0ff", "record": record_id,
                     "revision": revision_id, "body": json.dumps({"op": "create"}), "now": NOW})
        head = chain(0, "0" * 64, entries)
        conn.execute(insert(audit), entries)
        conn.execute(update(audit_head).values(seq=len(entries), hash=head))
        assert conn.execute(select(audit_head.c.seq)).scalar_one() == len(entries)
    engine.dispose()
    plain = sqlite3.connect(TARGET)
    plain.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the repository
    plain.close()
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
