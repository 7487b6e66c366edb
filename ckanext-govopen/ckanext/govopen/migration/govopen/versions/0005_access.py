"""Conditional access: access requests and their history.

Revision ID: 0005_access
Revises: 0004_harvest
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_access"
down_revision = "0004_harvest"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_access_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("purpose", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("decided_by", sa.UnicodeText),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("decided", sa.DateTime),
        sa.CheckConstraint("status in ('pending', 'approved', 'denied')",
                           name="govopen_access_request_status"),
    )
    op.create_table(
        "govopen_access_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.UnicodeText,
                  sa.ForeignKey("govopen_access_request.id"), nullable=False, index=True),
        sa.Column("action", sa.UnicodeText, nullable=False),
        sa.Column("actor_id", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("timestamp", sa.DateTime, nullable=False),
    )


def downgrade():
    # if_exists: databases that applied the empty placeholder of this revision
    # have no tables to drop.
    op.drop_table("govopen_access_event", if_exists=True)
    op.drop_table("govopen_access_request", if_exists=True)
