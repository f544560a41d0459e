"""An index for ckanext-dcat's lookup of a dataset by its ``guid`` extra,
made for every harvested record without one of ours (a new record): without
it each lookup read every extra of the catalog, and a 100,000-dataset
harvest slowed to a third of its starting rate as the table grew.

CKAN 2.11 keeps extras as ``package_extra`` rows, CKAN 2.12 as a JSONB
column of ``package`` (looked up by subscript, ``extras['guid']``, the
expression the index must repeat); the index fits whichever this database
has. Hash indexes: equality is all the lookup asks, and a long value cannot
exceed a B-tree entry's size limit.

Revision ID: 5b1e7d3c9f24
Revises: 6a9d2f4e8b03
Create Date: 2026-12-03
"""
from alembic import op

revision = "5b1e7d3c9f24"
down_revision = "6a9d2f4e8b03"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    DO $$
    BEGIN
        IF to_regclass('package_extra') IS NOT NULL THEN
            CREATE INDEX IF NOT EXISTS gdcatalog_package_extra_guid
                ON package_extra USING hash (value) WHERE key = 'guid';
        END IF;
        IF EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'package' AND column_name = 'extras'
                     AND data_type = 'jsonb') THEN
            CREATE INDEX IF NOT EXISTS gdcatalog_package_guid
                ON package USING hash ((extras['guid']));
        END IF;
    END $$;
    """)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS gdcatalog_package_extra_guid;")
    op.execute("DROP INDEX IF EXISTS gdcatalog_package_guid;")
