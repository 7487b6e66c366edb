"""Harvest record hashes and job reports (placeholder).

Revision ID: 0004_harvest
Revises: 0003_privacy
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0004_harvest"
down_revision = "0003_privacy"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
