"""A small ranking vector kept in the row.

Relevance ranking scores every match, not only the page: a Thai word found
in 6,000 of 100,000 datasets meant 6,000 reads of the catch-all tsvector,
which lives out of line (TOAST). ``rtsv`` holds only its title, name, tag
and group terms (weights A and B, a few hundred bytes), in the row itself
(storage MAIN), so a match found in those fields is ranked without leaving
the row; only matches found in the other text alone read the whole vector.
It is generated from ``tsv``, so no writer can forget it.

The columns every matching row is read for (title and name for the exact
title bonus, the permission labels for the filter) are kept in the row as
well (storage MAIN: compressed rather than moved): with the row-size target
at 1 KB, adding ``rtsv`` made PostgreSQL move titles out of line, and every
match paid a TOAST read again. The two large tsvectors (storage EXTERNAL)
are still the first to leave the row.

Revision ID: 7c3d9e1f2a06
Revises: 5e1c7a9b3d05
Create Date: 2026-12-02
"""
from alembic import op

revision = "7c3d9e1f2a06"
down_revision = "5e1c7a9b3d05"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE gdcatalog_search_doc ADD COLUMN rtsv tsvector "
               "GENERATED ALWAYS AS (ts_filter(tsv, '{a,b}')) STORED")
    op.execute("ALTER TABLE gdcatalog_search_doc " + ", ".join(
        f"ALTER COLUMN {column} SET STORAGE MAIN"
        for column in ("rtsv", "title", "name", "permission_labels")))
    # Every row written again with the new storage. An update keeps a
    # value that it does not change where it was, out of line included, so
    # the values are given anew (and rtsv, generated, is computed again).
    # Last: the update queues the generation trigger, after which the table
    # cannot be altered in this transaction.
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")
    op.execute("UPDATE gdcatalog_search_doc SET title = title || '', name = name || '', "
               "permission_labels = permission_labels || CAST('{}' AS text[])")


def downgrade() -> None:
    op.execute("ALTER TABLE gdcatalog_search_doc DROP COLUMN IF EXISTS rtsv")
    op.execute("ALTER TABLE gdcatalog_search_doc " + ", ".join(
        f"ALTER COLUMN {column} SET STORAGE EXTENDED"
        for column in ("title", "name", "permission_labels")))
