"""Tables of the local store (SQLAlchemy Core; the same definitions serve SQLite and PostgreSQL).

The Alembic revisions in migrations/versions create these tables; a test
checks that a freshly migrated database matches this module exactly.
Times are ISO 8601 text with a UTC offset; dates are ``YYYY-MM-DD`` text,
so that ordering and comparisons behave the same on both databases.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
})

# SQLite makes an INTEGER PRIMARY KEY the rowid (fast appends, FTS content_rowid);
# PostgreSQL gets a 64-bit identity column.
Serial = BigInteger().with_variant(Integer(), "sqlite")
UUID = String(36)
Timestamp = String(32)
Day = String(10)
Sha256 = String(64)

meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

records = Table(
    "records", metadata,
    Column("seq", Serial, primary_key=True, autoincrement=True),
    Column("id", UUID, nullable=False, unique=True),
    Column("item_code", String(32), nullable=False),
    Column("state", String(24), nullable=False),
    Column("resolution", String(16)),  # objection outcome: maintained | corrected | revoked
    Column("current_revision_id", UUID, nullable=False),
    Column("accepted_revision_id", UUID),  # the revision in force at the credit centre
    Column("catalog_version", String(40), nullable=False),
    Column("subject_name", Text, nullable=False),
    Column("subject_code", String(64)),
    Column("subject_is_person", Boolean, nullable=False),
    Column("document_number", String(128)),
    Column("decision_date", Day),
    Column("reporting_due", Day),
    Column("reporting_due_estimated", Boolean, nullable=False),
    Column("disclosure_end", Day),
    Column("server_reasons", Text),  # JSON list of issues from the last rejection
    Column("search_text", Text, nullable=False, server_default=""),  # revision 0002
    Column("created_at", Timestamp, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("updated_by", String(64), nullable=False),
    Column("row_version", Integer, nullable=False),
    Column("import_batch_id", UUID),  # revision 0004
    Column("import_row", Integer),  # the row number in the imported workbook
    Index(None, "state", "seq"),
    Index(None, "item_code", "seq"),
    Index(None, "decision_date"),
    Index(None, "item_code", "document_number", "subject_code"),  # the importer's natural key
    Index(None, "import_batch_id"),
)

revisions = Table(
    "revisions", metadata,
    Column("id", UUID, primary_key=True),
    Column("record_id", UUID, ForeignKey("records.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # create | correction | retraction
    Column("replaces_revision_id", UUID, ForeignKey("revisions.id")),
    Column("catalog_version", String(40), nullable=False),
    Column("payload", Text, nullable=False),  # normalised record, canonical JSON
    Column("payload_sha256", Sha256, nullable=False),
    Column("draft_input", Text),  # what the clerk typed, while the revision is unsent
    Column("reason", Text),
    Column("legal_basis", Text),
    Column("created_at", Timestamp, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("frozen_at", Timestamp),  # set when first sent; the payload never changes after
    Column("case_id", String(40)),  # revision 0006: the objection case this change answers
    UniqueConstraint("record_id", "number"),  # also serves look-ups by record
)

outbox = Table(
    "outbox", metadata,
    Column("seq", Serial, primary_key=True, autoincrement=True),
    Column("idempotency_key", UUID, nullable=False, unique=True),
    Column("op", String(24), nullable=False),  # create | correct | retract | answer | upload
    Column("record_id", UUID, ForeignKey("records.id")),
    Column("revision_id", UUID, ForeignKey("revisions.id")),
    Column("state", String(12), nullable=False),  # pending | sending | done | failed
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("result", Text),  # JSON answer of the central system
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Index(None, "state", "seq"),
)

# The operation as it goes on the wire (JSON), apart from the outbox row (revision 0007): the
# row changes at every claim and answer, and rewriting a page of narrow rows costs a fifth of
# rewriting the same rows with their bodies.
outbox_bodies = Table(
    "outbox_bodies", metadata,
    Column("seq", Serial, ForeignKey("outbox.seq", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("body", Text, nullable=False),
)

audit = Table(
    "audit", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),  # numbered by the head
    Column("at", Timestamp, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("record_id", UUID),
    Column("revision_id", UUID),
    Column("before_sha256", Sha256),
    Column("after_sha256", Sha256),
    Column("reason", Text),
    Column("detail", Text),  # JSON
    Column("prev_hash", Sha256, nullable=False),
    Column("hash", Sha256, nullable=False),
    Index(None, "record_id", "seq"),
)

import_batches = Table(
    "import_batches", metadata,
    Column("id", UUID, primary_key=True),
    Column("file_sha256", Sha256, nullable=False, index=True),
    Column("file_name", Text, nullable=False),
    Column("item_code", String(32), nullable=False),
    Column("mode", String(16), nullable=False),  # all-or-nothing | valid-rows
    Column("state", String(16), nullable=False),  # running | done | rolled_back
    Column("rows_total", Integer, nullable=False),
    Column("rows_valid", Integer, nullable=False),
    Column("rows_invalid", Integer, nullable=False),
    Column("rows_duplicate", Integer, nullable=False),
    Column("rows_imported", Integer, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("started_at", Timestamp, nullable=False),
    Column("finished_at", Timestamp),
)

# One row; writers lock it (SELECT … FOR UPDATE on PostgreSQL) so that two
# clerks sharing a database can never fork the audit chain.
audit_head = Table(
    "audit_head", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", Sha256, nullable=False),
)

# Verification notices (核查通知, art. 25-27) as the credit centre sent them (revision 0006).
# Not tied to records by a foreign key: a notice may concern a record kept on another machine.
notices = Table(
    "notices", metadata,
    Column("case_id", String(40), primary_key=True),
    Column("record_id", UUID, nullable=False),
    Column("revision_id", UUID),  # the revision in force when the notice was sent
    Column("item_code", String(32), nullable=False),
    Column("subject_name", Text, nullable=False),
    Column("document_number", Text),
    Column("content", Text, nullable=False),  # the objection, as the applicant put it
    Column("materials", Text, nullable=False),  # JSON [{sha256, name, size, media_type}]
    Column("sent_on", Day, nullable=False),  # the deadline counts from here
    Column("days", Integer, nullable=False),  # 10, or 20 once an extension is granted
    Column("central_due", Day),  # the centre's own count, for comparison
    Column("extension", String(12)),  # queued | requested | granted | denied
    Column("extension_reason", Text),
    Column("extension_note", Text),
    Column("state", String(12), nullable=False),  # NoticeState
    Column("answer_kind", String(12)),  # confirm | correct | revoke
    Column("answer", Text),  # JSON: opinion, attachments, reason, revision_id
    Column("answer_problems", Text),  # JSON reasons the centre gave for refusing an answer
    Column("answered_at", Timestamp),
    Column("result", String(12)),  # corrected | maintained | revoked
    Column("result_note", Text),
    Column("closed_on", Day),
    Column("received_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Index(None, "state", "sent_on"),
    Index(None, "record_id"),
)
