"""Frictionless validation reports (placeholder until the validation gate lands).

Revision ID: 0002_validation
Revises: 0001_base
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0002_validation"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
