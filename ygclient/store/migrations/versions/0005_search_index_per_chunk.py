"""Index new records for search once per chunk instead of once per row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

FTS5 tables cost a fixed amount per INSERT statement that touches them; with AFTER INSERT
triggers every imported row paid it (about 4 s per 100,000 rows). The store now indexes the
rows a transaction inserted with one INSERT … SELECT per table (Store._index_new). Updates
and deletes keep their triggers: they touch one record at a time.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER records_search_insert")
        op.execute("DROP TRIGGER records_bigrams_insert")


def downgrade() -> None:
    raise NotImplementedError("ygclient migrates forward only; restore a backup to go back")
