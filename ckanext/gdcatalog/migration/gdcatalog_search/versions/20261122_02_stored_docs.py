"""Keep stored documents out of the searched table.

The stored document (CKAN's data_dict and validated_data_dict, several KB)
is read only for the rows of a result page, while filters, counts and
facets scan the searched table: keeping it apart keeps those scans narrow.
Per-field terms are moved out of line for the same reason.

Revision ID: 7c2e4d9a1b02
Revises: 3f1a6c2b9d01
Create Date: 2026-11-22
"""
from alembic import op

revision = "7c2e4d9a1b02"
down_revision = "3f1a6c2b9d01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE gdcatalog_search_stored (
        index_id text PRIMARY KEY
            REFERENCES gdcatalog_search_doc (index_id) ON DELETE CASCADE,
        doc jsonb NOT NULL
    )""")
    op.execute("INSERT INTO gdcatalog_search_stored (index_id, doc) "
               "SELECT index_id, doc FROM gdcatalog_search_doc")
    op.execute("ALTER TABLE gdcatalog_search_doc DROP COLUMN doc")
    op.execute("ALTER TABLE gdcatalog_search_doc ALTER COLUMN ftsv SET STORAGE EXTERNAL")
    op.execute("ALTER TABLE gdcatalog_search_doc ALTER COLUMN fields SET STORAGE MAIN")


def downgrade() -> None:
    op.execute("ALTER TABLE gdcatalog_search_doc ADD COLUMN doc jsonb NOT NULL DEFAULT '{}'")
    op.execute("UPDATE gdcatalog_search_doc d SET doc = s.doc "
               "FROM gdcatalog_search_stored s WHERE s.index_id = d.index_id")
    op.execute("DROP TABLE gdcatalog_search_stored")
