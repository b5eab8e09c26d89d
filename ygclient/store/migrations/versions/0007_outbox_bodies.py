"""Operation bodies apart from the outbox rows; a submitted revision may go with its record
while that record has never left the queue.

A push rewrites every outbox row it sends twice (claimed, answered); with the bodies (~700
bytes each) in the rows that is four times the pages of the rows alone, encrypted and written
at every commit. Records no longer take the state "sending" either (the outbox operation
does); nothing in the data changes for that.

Revisions now freeze when they are submitted (queued), not when first sent. Rolling back an
import removes records that were submitted but never sent, so the frozen-revision guard lets
a revision be deleted while it is the current revision of a record still queued (the store
checks that its operation was never put on the wire). Nothing else about the guard changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_bodies",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=False, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["seq"], ["outbox.seq"], ondelete="CASCADE",
                                name="fk_outbox_bodies_seq"),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox_bodies"),
    )
    op.execute("INSERT INTO outbox_bodies (seq, body) SELECT seq, body FROM outbox")
    op.execute("ALTER TABLE outbox DROP COLUMN body")
    _guard_deletes()


# The one exception to "a frozen revision is never deleted" (see the module's text).
_STILL_QUEUED = """EXISTS (SELECT 1 FROM records WHERE records.id = OLD.record_id
                              AND records.state = 'queued'
                              AND records.current_revision_id = OLD.id)"""


def _guard_deletes() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER revisions_frozen_delete")
        op.execute(f"""
            CREATE TRIGGER revisions_frozen_delete BEFORE DELETE ON revisions
            WHEN OLD.frozen_at IS NOT NULL AND NOT {_STILL_QUEUED}
            BEGIN SELECT RAISE(ABORT, 'ygclient: a revision that was sent is frozen'); END""")
        return
    op.execute(f"""
        CREATE OR REPLACE FUNCTION ygc_frozen_revision() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.frozen_at IS NOT NULL AND NOT {_STILL_QUEUED} THEN
                    RAISE EXCEPTION 'ygclient: a revision that was sent is frozen'
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN OLD;
            END IF;
            IF OLD.frozen_at IS NOT NULL AND (
                NEW.payload IS DISTINCT FROM OLD.payload
                OR NEW.payload_sha256 IS DISTINCT FROM OLD.payload_sha256
                OR NEW.kind IS DISTINCT FROM OLD.kind
                OR NEW.record_id IS DISTINCT FROM OLD.record_id
                OR NEW.replaces_revision_id IS DISTINCT FROM OLD.replaces_revision_id
                OR NEW.frozen_at IS DISTINCT FROM OLD.frozen_at
                OR NEW.case_id IS DISTINCT FROM OLD.case_id) THEN
                RAISE EXCEPTION 'ygclient: a revision that was sent is frozen'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$""")


def downgrade() -> None:
    raise NotImplementedError("ygclient migrates forward only; restore a backup to go back")
