"""The search index table.

Revision ID: 3f1a6c2b9d01
Revises:
Create Date: 2026-11-22
"""
from alembic import op

revision = "3f1a6c2b9d01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE gdcatalog_search_doc (
        index_id text PRIMARY KEY,
        site_id text NOT NULL,
        id text,
        name text,
        title text,
        state text,
        capacity text,
        entity_type text,
        dataset_type text,
        metadata_modified timestamp,
        metadata_created timestamp,
        fields jsonb NOT NULL DEFAULT '{}',
        doc jsonb NOT NULL DEFAULT '{}',
        tsv tsvector NOT NULL DEFAULT '',
        ftsv tsvector NOT NULL DEFAULT '',
        indexed_at timestamp NOT NULL DEFAULT (now() at time zone 'utc')
    )""")
    op.execute("CREATE INDEX gdcatalog_search_doc_fields ON gdcatalog_search_doc "
               "USING gin (fields jsonb_path_ops)")
    op.execute("CREATE INDEX gdcatalog_search_doc_tsv ON gdcatalog_search_doc USING gin (tsv)")
    op.execute("CREATE INDEX gdcatalog_search_doc_ftsv ON gdcatalog_search_doc USING gin (ftsv)")
    op.execute("CREATE INDEX gdcatalog_search_doc_modified ON gdcatalog_search_doc "
               "(metadata_modified)")
    op.execute("CREATE INDEX gdcatalog_search_doc_created ON gdcatalog_search_doc "
               "(metadata_created)")
    op.execute("CREATE INDEX gdcatalog_search_doc_site_id ON gdcatalog_search_doc (site_id, id)")
    op.execute("CREATE INDEX gdcatalog_search_doc_id ON gdcatalog_search_doc (id)")
    op.execute("CREATE INDEX gdcatalog_search_doc_name ON gdcatalog_search_doc "
               "(name COLLATE \"C\")")
    op.execute("CREATE INDEX gdcatalog_search_doc_title ON gdcatalog_search_doc "
               "(title COLLATE \"C\")")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS gdcatalog_search_doc")
