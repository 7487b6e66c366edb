"""The verdict: one stored answer per dataset to "what may the public have".

``govopen_verdict`` holds each dataset's effective open type and the
verdict it belongs to (caps with reasons, the content and policy it was
computed on), written on every dataset write and whenever a content check
finishes (``ckanext.govopen.verdict``).

Revision ID: 0010_verdict
Revises: 0009_harvest_pending_index
"""
from alembic import op
import sqlalchemy as sa

revision = "0010_verdict"
down_revision = "0009_harvest_pending_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_verdict",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("open_type", sa.UnicodeText, nullable=False),
        sa.Column("verdict", sa.UnicodeText, nullable=False),
        sa.Column("computed", sa.DateTime, nullable=False),
    )
    op.create_index("govopen_verdict_open_type", "govopen_verdict", ["open_type"])


def downgrade():
    op.drop_index("govopen_verdict_open_type", "govopen_verdict")
    op.drop_table("govopen_verdict")
