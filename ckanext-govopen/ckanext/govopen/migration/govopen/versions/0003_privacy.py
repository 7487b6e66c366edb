"""Scan results, the classification audit log, reviewer approvals.

The audit log is append-only: a trigger refuses UPDATE and DELETE on it
(dropping the table in ``downgrade`` is still possible).

Revision ID: 0003_privacy
Revises: 0002_validation
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_privacy"
down_revision = "0002_validation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_scan_result",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("sha256", sa.UnicodeText),
        sa.Column("marker", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("has_pii", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("entities", sa.UnicodeText),
        sa.Column("findings", sa.UnicodeText),
        sa.Column("kanon", sa.UnicodeText),
        sa.Column("error", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("checked", sa.DateTime, nullable=False),
    )
    op.create_index("govopen_scan_result_resource_idx", "govopen_scan_result", ["resource_id", "checked"])
    op.create_index("govopen_scan_result_hash_idx", "govopen_scan_result", ["resource_id", "sha256"],
                    unique=True, postgresql_where=sa.text("sha256 IS NOT NULL"))

    op.create_table(
        "govopen_audit_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("actor", sa.UnicodeText, nullable=False),
        sa.Column("dataset_id", sa.UnicodeText),
        sa.Column("resource_id", sa.UnicodeText),
        sa.Column("action", sa.UnicodeText, nullable=False),
        sa.Column("before", sa.UnicodeText),
        sa.Column("after", sa.UnicodeText),
        sa.Column("reason", sa.UnicodeText),
    )
    op.create_index("govopen_audit_log_dataset_idx", "govopen_audit_log", ["dataset_id", "id"])
    op.execute("""
        CREATE OR REPLACE FUNCTION govopen_audit_log_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'govopen_audit_log is append-only';
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER govopen_audit_log_append_only BEFORE UPDATE OR DELETE ON govopen_audit_log
            FOR EACH ROW EXECUTE FUNCTION govopen_audit_log_append_only();
    """)

    op.create_table(
        "govopen_approval",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("reviewer", sa.UnicodeText, nullable=False),
        sa.Column("dataset_id", sa.UnicodeText, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("resource_id", sa.UnicodeText),
        sa.Column("subject", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
    )
    op.create_index("govopen_approval_dataset_idx", "govopen_approval", ["dataset_id", "kind"])


def downgrade():
    op.drop_table("govopen_approval")
    op.execute("DROP TRIGGER IF EXISTS govopen_audit_log_append_only ON govopen_audit_log")
    op.drop_table("govopen_audit_log")
    op.execute("DROP FUNCTION IF EXISTS govopen_audit_log_append_only()")
    op.drop_table("govopen_scan_result")
