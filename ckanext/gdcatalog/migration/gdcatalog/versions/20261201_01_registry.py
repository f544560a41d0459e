"""The catalog registry: applications and the log of their transitions.

Revision ID: 7c2e9a4b1d10
Revises:
Create Date: 2026-12-01
"""
from alembic import op

revision = "7c2e9a4b1d10"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE gdcatalog_registry_application (
        id text PRIMARY KEY,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN
            ('pending', 'approved', 'rejected', 'suspended', 'withdrawn')),
        catalog_url text NOT NULL,
        dcat_url text,
        organization_id text,
        new_organization jsonb NOT NULL DEFAULT '{}',
        contact_name text NOT NULL DEFAULT '',
        contact_email text NOT NULL DEFAULT '',
        contact_phone text NOT NULL DEFAULT '',
        harvest_frequency text NOT NULL DEFAULT 'WEEKLY',
        notes text NOT NULL DEFAULT '',
        applicant_id text NOT NULL,
        harvest_source_id text,
        check_result jsonb,
        created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
        modified timestamp NOT NULL DEFAULT (now() at time zone 'utc')
    );
    CREATE INDEX gdcatalog_registry_application_state_idx
        ON gdcatalog_registry_application (state, created);
    CREATE INDEX gdcatalog_registry_application_applicant_idx
        ON gdcatalog_registry_application (applicant_id);
    CREATE INDEX gdcatalog_registry_application_org_idx
        ON gdcatalog_registry_application (organization_id);

    CREATE TABLE gdcatalog_registry_transition (
        id bigserial PRIMARY KEY,
        application_id text NOT NULL
            REFERENCES gdcatalog_registry_application (id) ON DELETE CASCADE,
        from_state text,
        to_state text NOT NULL,
        user_id text,
        reason text NOT NULL DEFAULT '',
        at timestamp NOT NULL DEFAULT (now() at time zone 'utc')
    );
    CREATE INDEX gdcatalog_registry_transition_application_idx
        ON gdcatalog_registry_transition (application_id, id);
    """)


def downgrade() -> None:
    op.execute("DROP TABLE gdcatalog_registry_transition; "
               "DROP TABLE gdcatalog_registry_application;")
