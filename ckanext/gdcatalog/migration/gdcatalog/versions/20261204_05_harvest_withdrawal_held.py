"""Withdrawals held back: when a run would withdraw more of a source's
records than ``ckan.gdcatalog.harvest.max_withdraw_share`` allows (or all of
them), it withdraws none and marks them; the next complete read that still
misses them withdraws them, one that sees them again clears the mark.

Revision ID: a014941764bc
Revises: 5b1e7d3c9f24
Create Date: 2026-12-04
"""
from alembic import op

revision = "a014941764bc"
down_revision = "5b1e7d3c9f24"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE gdcatalog_harvest_record ADD COLUMN withdrawal_held timestamp;")


def downgrade() -> None:
    op.execute("ALTER TABLE gdcatalog_harvest_record DROP COLUMN withdrawal_held;")
