"""Each department's newest ``metadata_modified`` in one step (issue 17).

The dashboard keeps each department's figures under that department's own
stamp (``dashboard.cache``), which asks, on every request, for the newest
``metadata_modified`` of every department's packages: an index on
``(owner_org, metadata_modified)`` answers each with one step down it (with
the index of 0014 alone, every package of the department is read).

Revision ID: 0015_dashboard_department_stamp
Revises: 0014_dashboard_facts
"""
from alembic import op

revision = "0015_dashboard_department_stamp"
down_revision = "0014_dashboard_facts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("govopen_package_owner_org_modified", "package", ["owner_org", "metadata_modified"])


def downgrade():
    op.drop_index("govopen_package_owner_org_modified", "package")
