"""Harvested pages: what each page of a source held when it was last read
whole, so that a page whose bytes did not change is not parsed again.

Revision ID: 6a9d2f4e8b03
Revises: 3f6b1c8e2a47
Create Date: 2026-12-02
"""
from alembic import op

revision = "6a9d2f4e8b03"
down_revision = "3f6b1c8e2a47"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # digest: of the page's bytes with what decides how they are read (the
    # harvester's version and the source's configuration); records: each
    # record's guid with the digest of what it was imported from.
    op.execute("""
    CREATE TABLE gdcatalog_harvest_page (
        source_id text NOT NULL,
        url text NOT NULL,
        digest text NOT NULL,
        records jsonb NOT NULL,
        next_url text,
        declared_total integer,
        read_at timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
        PRIMARY KEY (source_id, url)
    );
    """)


def downgrade() -> None:
    op.execute("DROP TABLE gdcatalog_harvest_page;")
