"""Frictionless validation reports, one per resource content (sha256) and
validation settings (schema, header/footer rows).

Revision ID: 0002_validation
Revises: 0001_base
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_validation"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_validation_report",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("sha256", sa.UnicodeText),
        sa.Column("settings", sa.UnicodeText, nullable=False),
        sa.Column("marker", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("schema_source", sa.UnicodeText),
        sa.Column("sampled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("rows", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("error_count", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("report", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("checked", sa.DateTime, nullable=False),
    )
    op.create_index("govopen_validation_report_resource", "govopen_validation_report",
                    ["resource_id", "checked"])
    op.create_index("govopen_validation_report_content", "govopen_validation_report",
                    ["resource_id", "sha256", "settings"])


def downgrade():
    op.drop_table("govopen_validation_report")
