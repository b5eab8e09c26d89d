"""Leaner indexes, and an index for two-character searches.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

- ix_revisions_record_id duplicated the unique (record_id, number) constraint.
- Document number and subject code are looked up together with the item (the importer's
  natural key), so one composite index replaces two single-column ones.
- SQLite: trigram search cannot find strings shorter than three characters, yet two-character
  Chinese searches (贸易, 阳江) are common; without an index a search that matches nothing
  reads every row (≈250 ms at a million records). record_bigrams is an FTS5 table over the
  character pairs of search_text, computed by ygc_bigrams(), a function every connection of
  the program registers (db.py).
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_revisions_record_id", table_name="revisions")
    op.drop_index("ix_records_document_number", table_name="records")
    op.drop_index("ix_records_subject_code", table_name="records")
    op.create_index("ix_records_item_code_document_number_subject_code", "records",
                    ["item_code", "document_number", "subject_code"])
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("""CREATE VIRTUAL TABLE record_bigrams USING fts5(
                      grams, content='', tokenize='unicode61 remove_diacritics 0')""")
    op.execute("""CREATE TRIGGER records_bigrams_insert AFTER INSERT ON records BEGIN
                      INSERT INTO record_bigrams(rowid, grams)
                      VALUES (new.seq, ygc_bigrams(new.search_text)); END""")
    op.execute("""CREATE TRIGGER records_bigrams_delete AFTER DELETE ON records BEGIN
                      INSERT INTO record_bigrams(record_bigrams, rowid, grams)
                      VALUES ('delete', old.seq, ygc_bigrams(old.search_text)); END""")
    op.execute("""CREATE TRIGGER records_bigrams_update AFTER UPDATE OF search_text ON records
                  BEGIN
                      INSERT INTO record_bigrams(record_bigrams, rowid, grams)
                      VALUES ('delete', old.seq, ygc_bigrams(old.search_text));
                      INSERT INTO record_bigrams(rowid, grams)
                      VALUES (new.seq, ygc_bigrams(new.search_text)); END""")
    op.execute("""INSERT INTO record_bigrams(rowid, grams)
                  SELECT seq, ygc_bigrams(search_text) FROM records""")


def downgrade() -> None:
    raise NotImplementedError("ygclient migrates forward only; restore a backup to go back")
