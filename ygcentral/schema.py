"""The central side's tables (SQLAlchemy Core; SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
Serial = BigInteger().with_variant(Integer(), "sqlite")

agencies = Table(
    "agencies", metadata,
    Column("code", String(18), primary_key=True),  # the provider's 统一社会信用代码
    Column("name", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Serial, primary_key=True, autoincrement=True),
    Column("agency", String(18), ForeignKey("agencies.code"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("password_hash", Text, nullable=False),  # scrypt, see security.py
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("lockouts", Integer, nullable=False, default=0),
    Column("locked_until", String(32)),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("agency", "name"),
)

tokens = Table(
    "tokens", metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 of the token; never the token
    Column("kind", String(8), nullable=False),  # access | refresh
    Column("user_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("device", String(64), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Index(None, "user_id", "device"),
)

devices = Table(
    "devices", metadata,
    Column("id", String(64), primary_key=True),
    Column("agency", String(18), nullable=False),
    Column("user_name", String(64), nullable=False),
    Column("audit_seq", BigInteger),
    Column("audit_hash", String(64)),
    Column("last_seen", String(32)),
    Column("revoked", Boolean, nullable=False, default=False),
)

audit_alerts = Table(
    "audit_alerts", metadata,
    Column("id", Serial, primary_key=True, autoincrement=True),
    Column("device", String(64), nullable=False),
    Column("agency", String(18), nullable=False),
    Column("at", String(32), nullable=False),
    Column("detail", Text, nullable=False),
)

catalogs = Table(
    "catalogs", metadata,
    Column("version", String(40), primary_key=True),
    Column("published_at", String(32), nullable=False),
    Column("etag", String(70), nullable=False),
    Column("body", Text, nullable=False),
    Column("current", Boolean, nullable=False, default=False),
)

records = Table(
    "records", metadata,
    Column("id", String(36), primary_key=True),
    Column("agency", String(18), ForeignKey("agencies.code"), nullable=False),
    Column("item", String(32), nullable=False),
    Column("state", String(16), nullable=False),  # submitted|accepted|rejected|retracted|…
    Column("current_revision_id", String(36), nullable=False),
    Column("accepted_revision_id", String(36)),
    Column("subject_name", Text, nullable=False, default=""),
    Column("document_number", Text),
    Column("updated_at", String(32), nullable=False),
    Index(None, "agency", "state"),
)

revisions = Table(
    "revisions", metadata,
    Column("id", String(36), primary_key=True),
    Column("record_id", String(36), ForeignKey("records.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # create | correction | retraction
    Column("replaces_revision_id", String(36)),
    Column("catalog_version", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("reason", Text),
    Column("legal_basis", Text),
    Column("status", String(16), nullable=False),  # received | accepted | rejected
    Column("received_at", String(32), nullable=False),
    Column("reviewed_at", String(32)),
    Column("review_reasons", Text),
    Index(None, "record_id"),
)

operations = Table(
    "operations", metadata,
    Column("idempotency_key", String(64), primary_key=True),
    Column("agency", String(18), nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("result", Text, nullable=False),  # the answer, given again to a duplicate
    Column("at", String(32), nullable=False),
)

attachments = Table(
    "attachments", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("agency", String(18), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(40), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("at", String(32), nullable=False),
)

events = Table(
    "events", metadata,
    Column("seq", Serial, primary_key=True, autoincrement=True),
    Column("agency", String(18), nullable=False),
    Column("type", String(24), nullable=False),
    Column("body", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Index(None, "agency", "seq"),
)

# Objection cases (异议, art. 23–27). Dates (…_on) are local calendar days, YYYY-MM-DD; the
# deadlines are counted from them in working days, so they are kept rather than recomputed.
cases = Table(
    "cases", metadata,
    Column("id", String(20), primary_key=True),  # YY2026-0007
    Column("year", Integer, nullable=False),  # of filing; the number runs per year
    Column("seq", Integer, nullable=False),
    Column("record_id", String(36), ForeignKey("records.id"), nullable=False),
    Column("agency", String(18), nullable=False),  # the record's provider
    Column("applicant", Text),
    Column("content", Text, nullable=False),
    Column("materials", Text, nullable=False),  # JSON [{sha256, name, size, media_type}]
    Column("state", String(24), nullable=False),  # filed|materials_requested|accepted|referred|…
    Column("filed_at", String(32), nullable=False),
    Column("filed_on", String(10), nullable=False),
    Column("materials_note", Text),
    Column("accepted_on", String(10)),
    Column("referred_at", String(32)),
    Column("sent_on", String(10)),  # the verification notice (核查通知)
    Column("revision_id", String(36)),  # the revision in force when the notice went out
    Column("days", Integer),  # 10, or 20 once an extension is granted
    Column("extension", String(16)),  # null | requested | granted | denied
    Column("extension_reason", Text),
    Column("extension_note", Text),
    Column("answer", Text),  # JSON {kind: confirm|correct|revoke, opinion, attachments, …}
    Column("answered_on", String(10)),
    Column("result", String(16)),  # corrected | maintained | revoked
    Column("result_note", Text),
    Column("closed_on", String(10)),
    Column("updated_at", String(32), nullable=False),
    UniqueConstraint("year", "seq"),
    Index(None, "agency", "state"),
    Index(None, "record_id"),
)
