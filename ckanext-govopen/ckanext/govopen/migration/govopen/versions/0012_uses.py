"""Download and Data API call counts per dataset (issue 15).

``govopen_dataset_uses``: what was counted in Redis for each public,
unconditionally open dataset, added up here when the counts are flushed
(``ckanext.govopen.uses.flush``); ``indexed`` is the total last written to
the dataset's search document (``govopen_uses``).

Revision ID: 0012_uses
Revises: 0011_resource_location
"""
from alembic import op
import sqlalchemy as sa

revision = "0012_uses"
down_revision = "0011_resource_location"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_dataset_uses",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("downloads", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("api_calls", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("indexed", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("updated", sa.DateTime, nullable=False),
    )


def downgrade():
    op.drop_table("govopen_dataset_uses")
