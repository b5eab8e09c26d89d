"""Substring search over subject name, subject code and document number.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

SQLite: an FTS5 table with the trigram tokenizer (handles Chinese) kept in
step with records by triggers; PostgreSQL: a pg_trgm GIN index. Either way
the text searched is records.search_text, filled here for existing rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("records", sa.Column("search_text", sa.Text, nullable=False,
                                       server_default=""))
    # Newline-separated so that no trigram spans two parts.
    sep = "'\n'"
    op.execute(f"""UPDATE records SET search_text = subject_name || {sep}
                   || coalesce(subject_code, '') || {sep} || coalesce(document_number, '')""")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("""CREATE VIRTUAL TABLE record_search USING fts5(
                          search_text, content='records', content_rowid='seq',
                          tokenize='trigram')""")
        op.execute("""CREATE TRIGGER records_search_insert AFTER INSERT ON records BEGIN
                          INSERT INTO record_search(rowid, search_text)
                          VALUES (new.seq, new.search_text); END""")
        op.execute("""CREATE TRIGGER records_search_delete AFTER DELETE ON records BEGIN
                          INSERT INTO record_search(record_search, rowid, search_text)
                          VALUES ('delete', old.seq, old.search_text); END""")
        op.execute("""CREATE TRIGGER records_search_update AFTER UPDATE OF search_text ON records
                      BEGIN
                          INSERT INTO record_search(record_search, rowid, search_text)
                          VALUES ('delete', old.seq, old.search_text);
                          INSERT INTO record_search(rowid, search_text)
                          VALUES (new.seq, new.search_text); END""")
        op.execute("INSERT INTO record_search(record_search) VALUES ('rebuild')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("""CREATE INDEX ix_records_search_trgm ON records
                      USING gin (search_text gin_trgm_ops)""")


def downgrade() -> None:
    raise NotImplementedError("ygclient migrates forward only; restore a backup to go back")
