"""Initial store: records, revisions, outbox, audit chain.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Frozen copy of the schema as it was: later revisions change it, this file never does.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Serial = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("seq", Serial, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("item_code", sa.String(32), nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("resolution", sa.String(16)),
        sa.Column("current_revision_id", sa.String(36), nullable=False),
        sa.Column("accepted_revision_id", sa.String(36)),
        sa.Column("catalog_version", sa.String(40), nullable=False),
        sa.Column("subject_name", sa.Text, nullable=False),
        sa.Column("subject_code", sa.String(64)),
        sa.Column("subject_is_person", sa.Boolean, nullable=False),
        sa.Column("document_number", sa.String(128)),
        sa.Column("decision_date", sa.String(10)),
        sa.Column("reporting_due", sa.String(10)),
        sa.Column("reporting_due_estimated", sa.Boolean, nullable=False),
        sa.Column("disclosure_end", sa.String(10)),
        sa.Column("server_reasons", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("row_version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_records"),
        sa.UniqueConstraint("id", name="uq_records_id"),
    )
    for columns in (("state", "seq"), ("item_code", "seq"), ("decision_date",),
                    ("document_number",), ("subject_code",)):
        op.create_index(f"ix_records_{'_'.join(columns)}", "records", list(columns))
    op.create_table(
        "revisions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("replaces_revision_id", sa.String(36)),
        sa.Column("catalog_version", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("payload_sha256", sa.String(64), nullable=False),
        sa.Column("draft_input", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("legal_basis", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("frozen_at", sa.String(32)),
        sa.PrimaryKeyConstraint("id", name="pk_revisions"),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], name="fk_revisions_record_id"),
        sa.ForeignKeyConstraint(["replaces_revision_id"], ["revisions.id"],
                                name="fk_revisions_replaces_revision_id"),
        sa.UniqueConstraint("record_id", "number", name="uq_revisions_record_id_number"),
    )
    op.create_index("ix_revisions_record_id", "revisions", ["record_id"])
    op.create_table(
        "outbox",
        sa.Column("seq", Serial, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(36), nullable=False),
        sa.Column("op", sa.String(24), nullable=False),
        sa.Column("record_id", sa.String(36)),
        sa.Column("revision_id", sa.String(36)),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("result", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], name="fk_outbox_record_id"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name="fk_outbox_revision_id"),
    )
    op.create_index("ix_outbox_state_seq", "outbox", ["state", "seq"])
    op.create_table(
        "audit",
        sa.Column("seq", sa.BigInteger, nullable=False, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36)),
        sa.Column("revision_id", sa.String(36)),
        sa.Column("before_sha256", sa.String(64)),
        sa.Column("after_sha256", sa.String(64)),
        sa.Column("reason", sa.Text),
        sa.Column("detail", sa.Text),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit"),
    )
    op.create_index("ix_audit_record_id_seq", "audit", ["record_id", "seq"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )
    op.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :genesis)")
               .bindparams(genesis="0" * 64))
    _guards()


def _guards() -> None:
    """Database-side guards: a sent revision's content and the audit log cannot be changed."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("""
            CREATE TRIGGER revisions_frozen_update BEFORE UPDATE ON revisions
            WHEN OLD.frozen_at IS NOT NULL AND (
                NEW.payload IS NOT OLD.payload OR NEW.payload_sha256 IS NOT OLD.payload_sha256
                OR NEW.kind IS NOT OLD.kind OR NEW.record_id IS NOT OLD.record_id
                OR NEW.replaces_revision_id IS NOT OLD.replaces_revision_id
                OR NEW.frozen_at IS NOT OLD.frozen_at)
            BEGIN SELECT RAISE(ABORT, 'ygclient: a revision that was sent is frozen'); END""")
        op.execute("""
            CREATE TRIGGER revisions_frozen_delete BEFORE DELETE ON revisions
            WHEN OLD.frozen_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'ygclient: a revision that was sent is frozen'); END""")
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_append_only_{verb.lower()} BEFORE {verb} ON audit
                BEGIN SELECT RAISE(ABORT, 'ygclient: the audit log is append-only'); END""")
        return
    op.execute("""
        CREATE FUNCTION ygc_frozen_revision() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.frozen_at IS NOT NULL AND (TG_OP = 'DELETE'
                OR NEW.payload IS DISTINCT FROM OLD.payload
                OR NEW.payload_sha256 IS DISTINCT FROM OLD.payload_sha256
                OR NEW.kind IS DISTINCT FROM OLD.kind
                OR NEW.record_id IS DISTINCT FROM OLD.record_id
                OR NEW.replaces_revision_id IS DISTINCT FROM OLD.replaces_revision_id
                OR NEW.frozen_at IS DISTINCT FROM OLD.frozen_at) THEN
                RAISE EXCEPTION 'ygclient: a revision that was sent is frozen'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    op.execute("""CREATE TRIGGER revisions_frozen BEFORE UPDATE OR DELETE ON revisions
                  FOR EACH ROW EXECUTE FUNCTION ygc_frozen_revision()""")
    op.execute("""
        CREATE FUNCTION ygc_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ygclient: the audit log is append-only'
                USING ERRCODE = 'integrity_constraint_violation';
        END $$""")
    op.execute("""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
                  FOR EACH ROW EXECUTE FUNCTION ygc_append_only()""")


def downgrade() -> None:
    raise NotImplementedError("ygclient migrates forward only; restore a backup to go back")
