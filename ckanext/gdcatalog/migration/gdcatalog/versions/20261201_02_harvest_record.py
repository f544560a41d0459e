"""Harvested records: which dataset each source record maps to, and its
provenance.

Revision ID: 3f6b1c8e2a47
Revises: 7c2e9a4b1d10
Create Date: 2026-12-01
"""
from alembic import op

revision = "3f6b1c8e2a47"
down_revision = "7c2e9a4b1d10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # guid is the primary key: one source record (its URI, or its
    # identifier) maps to one dataset whatever the source or the history.
    # Purging the dataset removes its record (ON DELETE CASCADE). The key
    # is checked at commit, so that the record is written before the
    # dataset and both commit together.
    op.execute("""
    CREATE TABLE gdcatalog_harvest_record (
        guid text PRIMARY KEY,
        source_id text NOT NULL,
        package_id text NOT NULL REFERENCES package (id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        identifier text,
        uri text,
        landing_page text,
        catalog_uri text,
        catalog_title text,
        source_modified text,
        digest text NOT NULL DEFAULT '',
        first_harvested timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
        last_harvested timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
        last_changed timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
        withdrawn timestamp
    );
    CREATE INDEX gdcatalog_harvest_record_source_idx
        ON gdcatalog_harvest_record (source_id);
    CREATE INDEX gdcatalog_harvest_record_package_idx
        ON gdcatalog_harvest_record (package_id);
    CREATE INDEX gdcatalog_harvest_record_identifier_idx
        ON gdcatalog_harvest_record (identifier) WHERE identifier IS NOT NULL;
    """)


def downgrade() -> None:
    op.execute("DROP TABLE gdcatalog_harvest_record;")
