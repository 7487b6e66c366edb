"""The dashboard's facts of each dataset, kept between requests (issue 17).

``govopen_dashboard_facts`` holds, per dataset, what the open-data figures
need of it (``dashboard.facts``): computed once from the dataset as
``package_show`` sees it, valid while the dataset's ``metadata_modified`` and
the facts' version are the ones stored; forgotten when a content check or a
verdict refresh changes what the gates say without a write to the dataset.
Empty after this migration: ``ckan govopen dashboard refresh`` fills it (else
the first dashboard request computes what is missing). An index on
``package.metadata_modified``: the cached figures' stamp (``dashboard.cache``).

Revision ID: 0014_dashboard_facts
Revises: 0013_showcase
"""
from alembic import op
import sqlalchemy as sa

revision = "0014_dashboard_facts"
down_revision = "0013_showcase"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_dashboard_facts",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("modified", sa.DateTime),
        sa.Column("version", sa.UnicodeText, nullable=False),
        sa.Column("facts", sa.UnicodeText, nullable=False),
        sa.Column("computed", sa.DateTime, nullable=False),
    )
    # the cached figures' stamp asks for the newest metadata_modified on every request
    op.create_index("govopen_package_metadata_modified", "package", ["metadata_modified"])


def downgrade():
    op.drop_index("govopen_package_metadata_modified", "package")
    op.drop_table("govopen_dashboard_facts")
