"""Harvest: remember which records their source wants public.

``govopen_harvest_record.publish`` is true when the source's config lets
the record be public (``private: false`` and a classification that allows
it). A record held only by checks that had not finished at import time
(the privacy scan and the validation of its uploaded tables) is published
by the job that runs after those checks, once the gate has no reason left.

Revision ID: 0007_harvest_publish
Revises: 0006_participation
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_harvest_publish"
down_revision = "0006_participation"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("govopen_harvest_record",
                  sa.Column("publish", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade():
    op.drop_column("govopen_harvest_record", "publish")
