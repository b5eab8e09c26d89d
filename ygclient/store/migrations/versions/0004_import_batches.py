"""Import batches: which file, who, when, how far — so an import resumes or rolls back.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("item_code", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("rows_total", sa.Integer, nullable=False),
        sa.Column("rows_valid", sa.Integer, nullable=False),
        sa.Column("rows_invalid", sa.Integer, nullable=False),
        sa.Column("rows_duplicate", sa.Integer, nullable=False),
        sa.Column("rows_imported", sa.Integer, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32)),
        sa.PrimaryKeyConstraint("id", name="pk_import_batches"),
    )
    op.create_index("ix_import_batches_file_sha256", "import_batches", ["file_sha256"])
    op.add_column("records", sa.Column("import_batch_id", sa.String(36)))
    op.add_column("records", sa.Column("import_row", sa.Integer))
    op.create_index("ix_records_import_batch_id", "records", ["import_batch_id"])


def downgrade() -> None:
    raise NotImplementedError("ygclient migrates forward only; restore a backup to go back")
