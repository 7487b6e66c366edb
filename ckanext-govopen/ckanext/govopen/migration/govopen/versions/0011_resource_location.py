"""Restricted file locations kept apart from CKAN's resource rows.

``govopen_resource_location`` holds the real location fields of each linked
resource of a dataset that is not unconditionally open; CKAN's row holds the
site's guarded route instead (``ckanext.govopen.access.locations``).

Revision ID: 0011_resource_location
Revises: 0010_verdict
"""
from alembic import op
import sqlalchemy as sa

revision = "0011_resource_location"
down_revision = "0010_verdict"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_resource_location",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("locations", sa.UnicodeText, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
    )
    op.create_index("govopen_resource_location_package", "govopen_resource_location", ["package_id"])


def downgrade():
    op.drop_index("govopen_resource_location_package", "govopen_resource_location")
    op.drop_table("govopen_resource_location")
