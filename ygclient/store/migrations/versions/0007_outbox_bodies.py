"""Operation bodies apart from the outbox rows.

A push rewrites every outbox row it sends twice (claimed, answered); with the bodies (~700
bytes each) in the rows that is four times the pages of the rows alone, encrypted and written
at every commit. Records no longer take the state "sending" either (the outbox operation
does); nothing in the data changes for that.

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


def downgrade() -> None:
    raise NotImplementedError("ygclient migrates forward only; restore a backup to go back")
