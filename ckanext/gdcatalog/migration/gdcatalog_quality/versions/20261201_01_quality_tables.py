"""Quality assessment results, with history: one row per content
assessment of a resource and one per change of a dataset's metadata score.

Revision ID: 3a7f0c2d5e01
Revises:
Create Date: 2026-12-01
"""
from alembic import op

revision = "3a7f0c2d5e01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE gdcatalog_quality_resource (
        id text PRIMARY KEY,
        resource_id text NOT NULL,
        package_id text NOT NULL,
        owner_org text,
        created timestamp without time zone NOT NULL DEFAULT (now() at time zone 'utc'),
        finished timestamp without time zone,
        status text NOT NULL,
        url text,
        format text,
        file_size bigint,
        seconds double precision,
        rows bigint,
        columns integer,
        encoding text,
        completeness double precision,
        uniqueness double precision,
        validity double precision,
        consistency double precision,
        utf8 double precision,
        openness double precision,
        downloadable double precision,
        access_api double precision,
        availability double precision,
        preview double precision,
        timeliness double precision,
        acc_latency double precision,
        freshness double precision,
        reachable boolean,
        error text,
        error_detail text,
        warnings jsonb NOT NULL DEFAULT '[]',
        details jsonb NOT NULL DEFAULT '{}',
        job_id text
    )""")
    op.execute("CREATE INDEX gdcatalog_quality_resource_latest "
               "ON gdcatalog_quality_resource (resource_id, created DESC)")
    op.execute("CREATE INDEX gdcatalog_quality_resource_package "
               "ON gdcatalog_quality_resource (package_id, created DESC)")
    op.execute("CREATE INDEX gdcatalog_quality_resource_org "
               "ON gdcatalog_quality_resource (owner_org)")
    op.execute("""
    CREATE TABLE gdcatalog_quality_metadata (
        id bigserial PRIMARY KEY,
        package_id text NOT NULL,
        owner_org text,
        created timestamp without time zone NOT NULL DEFAULT (now() at time zone 'utc'),
        points double precision NOT NULL,
        max_points double precision NOT NULL,
        percent double precision NOT NULL,
        rating text NOT NULL,
        indicators jsonb NOT NULL
    )""")
    op.execute("CREATE INDEX gdcatalog_quality_metadata_latest "
               "ON gdcatalog_quality_metadata (package_id, created DESC, id DESC)")
    op.execute("CREATE INDEX gdcatalog_quality_metadata_org "
               "ON gdcatalog_quality_metadata (owner_org)")


def downgrade() -> None:
    op.execute("DROP TABLE gdcatalog_quality_metadata")
    op.execute("DROP TABLE gdcatalog_quality_resource")
