"""Conditional access: access requests and grants (placeholder).

Revision ID: 0005_access
Revises: 0004_harvest
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0005_access"
down_revision = "0004_harvest"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
