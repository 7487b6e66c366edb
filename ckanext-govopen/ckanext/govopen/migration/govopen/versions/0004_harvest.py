"""Harvest: what each source record became, per-source run state, job reports.

- ``govopen_harvest_record``: one row per (harvest source, source record id):
  the dataset it became, the content hash last written (unchanged records
  are skipped by it), whether it was withdrawn, the gate's reasons.
- ``govopen_harvest_state``: per harvest source, what the next run starts
  from (``since``) and its last run.
- ``govopen_harvest_report``: one row per job: when, dry run or not,
  complete or not, final counts (JSON).
- ``govopen_harvest_outcome``: one row per record a job wrote or failed on
  (created, updated, withdrawn, errored), committed with the dataset write,
  so the report of an interrupted job is still exact.

Revision ID: 0004_harvest
Revises: 0003_privacy
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_harvest"
down_revision = "0003_privacy"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_harvest_record",
        sa.Column("harvest_source_id", sa.UnicodeText, primary_key=True),
        sa.Column("record_id", sa.UnicodeText, primary_key=True),
        sa.Column("dataset_id", sa.UnicodeText, nullable=False),
        sa.Column("content_hash", sa.UnicodeText, nullable=False),
        sa.Column("source_modified", sa.UnicodeText),
        sa.Column("withdrawn", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("blockers", sa.UnicodeText),        # JSON list of gate reasons
        sa.Column("source_info", sa.UnicodeText),     # JSON: what the source said
        sa.Column("last_job_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
    )
    op.create_index("govopen_harvest_record_dataset_idx", "govopen_harvest_record", ["dataset_id"])

    op.create_table(
        "govopen_harvest_state",
        sa.Column("harvest_source_id", sa.UnicodeText, primary_key=True),
        sa.Column("since", sa.UnicodeText),
        sa.Column("last_job_id", sa.UnicodeText),
        sa.Column("last_complete", sa.DateTime),
        sa.Column("updated", sa.DateTime, nullable=False),
    )

    op.create_table(
        "govopen_harvest_report",
        sa.Column("job_id", sa.UnicodeText, primary_key=True),
        sa.Column("harvest_source_id", sa.UnicodeText, nullable=False),
        sa.Column("started", sa.DateTime, nullable=False),
        sa.Column("finished", sa.DateTime),
        sa.Column("status", sa.UnicodeText, nullable=False),    # running | finished | failed
        sa.Column("complete", sa.Boolean),
        sa.Column("read", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unchanged", sa.Integer, nullable=False, server_default="0"),
        sa.Column("counts", sa.UnicodeText),                    # JSON, when finished
    )
    op.create_index("govopen_harvest_report_source_idx", "govopen_harvest_report",
                    ["harvest_source_id", "started"])

    op.create_table(
        "govopen_harvest_outcome",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("job_id", sa.UnicodeText, nullable=False),
        sa.Column("record_id", sa.UnicodeText),
        sa.Column("dataset_id", sa.UnicodeText),
        sa.Column("outcome", sa.UnicodeText, nullable=False),   # created | updated | withdrawn | errored
        sa.Column("gates", sa.UnicodeText),                     # JSON list of gate names that block
        sa.Column("messages", sa.UnicodeText),                  # JSON list of {code, where, zh, en}
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("govopen_harvest_outcome_job_idx", "govopen_harvest_outcome", ["job_id"])


def downgrade():
    op.drop_table("govopen_harvest_outcome")
    op.drop_table("govopen_harvest_report")
    op.drop_table("govopen_harvest_state")
    op.drop_table("govopen_harvest_record")
