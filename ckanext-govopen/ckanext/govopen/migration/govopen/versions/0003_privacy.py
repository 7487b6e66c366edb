"""Scan results, classification audit log, access requests (placeholder).

Revision ID: 0003_privacy
Revises: 0002_validation
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_privacy"
down_revision = "0002_validation"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
