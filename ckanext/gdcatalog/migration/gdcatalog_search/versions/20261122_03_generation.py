"""An index generation number, for caching search results safely.

Every transaction that changes the index bumps the generation once, at
commit time (a deferred trigger, so the counter row is locked only while
committing, not for the whole of a long re-index). A cached result is
stored under the epoch and generation read before it was computed, so it can never
be served once a later change has committed.

Revision ID: 9d4b1e7f3c03
Revises: 7c2e4d9a1b02
Create Date: 2026-11-22
"""
from alembic import op

revision = "9d4b1e7f3c03"
down_revision = "7c2e4d9a1b02"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE gdcatalog_search_state (
        id int PRIMARY KEY CHECK (id = 1),
        -- A new epoch whenever the table is created, so that a database
        -- reset never meets cache entries of the previous database.
        epoch text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text),
        generation bigint NOT NULL DEFAULT 0
    )""")
    op.execute("INSERT INTO gdcatalog_search_state (id) VALUES (1)")
    op.execute("""
    CREATE OR REPLACE FUNCTION gdcatalog_search_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('gdcatalog.search_bumped', true)
                IS DISTINCT FROM txid_current()::text THEN
            UPDATE gdcatalog_search_state SET generation = generation + 1 WHERE id = 1;
            PERFORM set_config('gdcatalog.search_bumped', txid_current()::text, true);
        END IF;
        RETURN NULL;
    END $$""")
    op.execute("""
    CREATE CONSTRAINT TRIGGER gdcatalog_search_doc_bump
        AFTER INSERT OR UPDATE OR DELETE ON gdcatalog_search_doc
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION gdcatalog_search_bump()""")
    op.execute("""
    CREATE CONSTRAINT TRIGGER gdcatalog_search_stored_bump
        AFTER INSERT OR UPDATE OR DELETE ON gdcatalog_search_stored
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION gdcatalog_search_bump()""")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS gdcatalog_search_stored_bump ON gdcatalog_search_stored")
    op.execute("DROP TRIGGER IF EXISTS gdcatalog_search_doc_bump ON gdcatalog_search_doc")
    op.execute("DROP FUNCTION IF EXISTS gdcatalog_search_bump()")
    op.execute("DROP TABLE IF EXISTS gdcatalog_search_state")
