"""Harvest: remember which written records still wait for their search index.

A harvest job sends its datasets to Solr in batches, after each dataset's
own transaction has committed. ``govopen_harvest_record.pending_index`` is
set in that transaction and cleared once the batch holding the dataset has
reached Solr. If a job stops in between (a killed worker, Solr down), the
next run sees the flag on an otherwise unchanged record and indexes the
dataset again, without writing it.

Revision ID: 0009_harvest_pending_index
Revises: 0008_resource_code_index
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_harvest_pending_index"
down_revision = "0008_resource_code_index"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("govopen_harvest_record",
                  sa.Column("pending_index", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade():
    op.drop_column("govopen_harvest_record", "pending_index")
