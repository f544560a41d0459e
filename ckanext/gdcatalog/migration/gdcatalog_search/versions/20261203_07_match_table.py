"""Counting text matches from a narrow table, and ranking by field tiers.

A search must return the total of its matches, and PostgreSQL counts a
bitmap of matches by visiting the heap page of each: in the document table
(about six rows to an 8 KB page) a word found in a quarter of 100,000
datasets meant 15,000 page visits, whatever else the query did.

- ``gdcatalog_search_match`` repeats, for each document row, what text
  searches filter on (site, state, capacity, types, permission labels, dates)
  and the catch-all vector (out of line), about 150 bytes a row: the same
  count visits a tenth of the pages. A trigger writes it with every write
  of the document row and the foreign key removes it with the row, so no
  writer can forget it and it is in the same snapshot as the documents.
- ``gdcatalog_search_doc_atsv``: the catch-all vector's weight-A terms (the
  title and the name), indexed. Ranking a one-word search can start from the
  datasets with the word in their title or name: they outrank every other
  match (see ``store.Translation.top_tier_sql``).

Revision ID: 8d4e2f0a3b07
Revises: 7c3d9e1f2a06
Create Date: 2026-12-03
"""
from alembic import op

revision = "8d4e2f0a3b07"
down_revision = "7c3d9e1f2a06"
branch_labels = None
depends_on = None

_COLUMNS = ("site_id, state, capacity, entity_type, dataset_type, permission_labels, "
            "metadata_modified, metadata_created, tsv")


def upgrade() -> None:
    op.execute("""
    CREATE TABLE gdcatalog_search_match (
        seq bigint PRIMARY KEY
            REFERENCES gdcatalog_search_doc (seq) ON DELETE CASCADE,
        site_id text NOT NULL,
        state text,
        capacity text,
        entity_type text,
        dataset_type text,
        permission_labels text[] NOT NULL DEFAULT '{}',
        metadata_modified timestamp,
        metadata_created timestamp,
        tsv tsvector NOT NULL DEFAULT ''
    ) WITH (toast_tuple_target = 128)""")
    op.execute(f"""
    CREATE OR REPLACE FUNCTION gdcatalog_search_copy_match() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO gdcatalog_search_match (seq, {_COLUMNS})
        VALUES (NEW.seq, NEW.site_id, NEW.state, NEW.capacity, NEW.entity_type,
                NEW.dataset_type, NEW.permission_labels, NEW.metadata_modified,
                NEW.metadata_created, NEW.tsv)
        ON CONFLICT (seq) DO UPDATE SET
            site_id = EXCLUDED.site_id, state = EXCLUDED.state,
            capacity = EXCLUDED.capacity, entity_type = EXCLUDED.entity_type,
            dataset_type = EXCLUDED.dataset_type,
            permission_labels = EXCLUDED.permission_labels,
            metadata_modified = EXCLUDED.metadata_modified,
            metadata_created = EXCLUDED.metadata_created, tsv = EXCLUDED.tsv;
        RETURN NULL;
    END $$""")
    op.execute(f"""
    INSERT INTO gdcatalog_search_match (seq, {_COLUMNS})
    SELECT seq, {_COLUMNS} FROM gdcatalog_search_doc""")
    op.execute("""
    CREATE TRIGGER gdcatalog_search_doc_match
        AFTER INSERT OR UPDATE ON gdcatalog_search_doc
        FOR EACH ROW EXECUTE FUNCTION gdcatalog_search_copy_match()""")
    op.execute("CREATE INDEX gdcatalog_search_match_tsv ON gdcatalog_search_match "
               "USING gin (tsv)")
    op.execute("CREATE INDEX gdcatalog_search_doc_atsv ON gdcatalog_search_doc "
               "USING gin (ts_filter(tsv, '{a}'))")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS gdcatalog_search_doc_atsv")
    op.execute("DROP TRIGGER IF EXISTS gdcatalog_search_doc_match ON gdcatalog_search_doc")
    op.execute("DROP FUNCTION IF EXISTS gdcatalog_search_copy_match()")
    op.execute("DROP TABLE IF EXISTS gdcatalog_search_match")
