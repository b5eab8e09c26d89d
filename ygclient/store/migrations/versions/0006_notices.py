"""Verification notices (核查通知) and the link from a correction or retraction to its case.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("case_id", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("revision_id", sa.String(36)),
        sa.Column("item_code", sa.String(32), nullable=False),
        sa.Column("subject_name", sa.Text, nullable=False),
        sa.Column("document_number", sa.Text),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("materials", sa.Text, nullable=False),
        sa.Column("sent_on", sa.String(10), nullable=False),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("central_due", sa.String(10)),
        sa.Column("extension", sa.String(12)),
        sa.Column("extension_reason", sa.Text),
        sa.Column("extension_note", sa.Text),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("answer_kind", sa.String(12)),
        sa.Column("answer", sa.Text),
        sa.Column("answer_problems", sa.Text),
        sa.Column("answered_at", sa.String(32)),
        sa.Column("result", sa.String(12)),
        sa.Column("result_note", sa.Text),
        sa.Column("closed_on", sa.String(10)),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_notices"),
    )
    op.create_index("ix_notices_state_sent_on", "notices", ["state", "sent_on"])
    op.create_index("ix_notices_record_id", "notices", ["record_id"])
    op.add_column("revisions", sa.Column("case_id", sa.String(40)))
    _guard_case_id()


def _guard_case_id() -> None:
    """The frozen-revision guard of 0001, now also over case_id: which case a sent change
    answered is as fixed as the change."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER revisions_frozen_update")
        op.execute("""
            CREATE TRIGGER revisions_frozen_update BEFORE UPDATE ON revisions
            WHEN OLD.frozen_at IS NOT NULL AND (
                NEW.payload IS NOT OLD.payload OR NEW.payload_sha256 IS NOT OLD.payload_sha256
                OR NEW.kind IS NOT OLD.kind OR NEW.record_id IS NOT OLD.record_id
                OR NEW.replaces_revision_id IS NOT OLD.replaces_revision_id
                OR NEW.frozen_at IS NOT OLD.frozen_at OR NEW.case_id IS NOT OLD.case_id)
            BEGIN SELECT RAISE(ABORT, 'ygclient: a revision that was sent is frozen'); END""")
        return
    op.execute("""
        CREATE OR REPLACE FUNCTION ygc_frozen_revision() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.frozen_at IS NOT NULL AND (TG_OP = 'DELETE'
                OR NEW.payload IS DISTINCT FROM OLD.payload
                OR NEW.payload_sha256 IS DISTINCT FROM OLD.payload_sha256
                OR NEW.kind IS DISTINCT FROM OLD.kind
                OR NEW.record_id IS DISTINCT FROM OLD.record_id
                OR NEW.replaces_revision_id IS DISTINCT FROM OLD.replaces_revision_id
                OR NEW.frozen_at IS DISTINCT FROM OLD.frozen_at
                OR NEW.case_id IS DISTINCT FROM OLD.case_id) THEN
                RAISE EXCEPTION 'ygclient: a revision that was sent is frozen'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")


def downgrade() -> None:
    raise NotImplementedError("ygclient migrates forward only; restore a backup to go back")
