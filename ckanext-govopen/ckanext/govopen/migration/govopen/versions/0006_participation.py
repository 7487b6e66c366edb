"""Public participation: ratings, feedback on datasets, data requests.

Revision ID: 0006_participation
Revises: 0005_access
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_participation"
down_revision = "0005_access"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_rating",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("rater_key", sa.UnicodeText, nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
        sa.UniqueConstraint("package_id", "rater_key", name="govopen_rating_one_per_rater"),
        sa.CheckConstraint("score between 1 and 5", name="govopen_rating_score"),
    )
    op.create_table(
        "govopen_feedback",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("user_id", sa.UnicodeText),
        sa.Column("author_name", sa.UnicodeText),
        sa.Column("source_key", sa.UnicodeText, nullable=False, index=True),
        sa.Column("text", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("reply", sa.UnicodeText),
        sa.Column("replied_by", sa.UnicodeText),
        sa.Column("replied", sa.DateTime),
        sa.Column("moderated_by", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False, index=True),
        sa.CheckConstraint("state in ('published', 'hidden')", name="govopen_feedback_state"),
    )
    op.create_table(
        "govopen_data_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False),
        sa.Column("contact", sa.UnicodeText),
        sa.Column("org_id", sa.UnicodeText, index=True),
        sa.Column("user_id", sa.UnicodeText),
        sa.Column("source_key", sa.UnicodeText, nullable=False, index=True),
        sa.Column("status", sa.UnicodeText, nullable=False, index=True),
        sa.Column("published", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("answer", sa.UnicodeText),
        sa.Column("answered_by", sa.UnicodeText),
        sa.Column("answered", sa.DateTime),
        sa.Column("package_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False, index=True),
        sa.CheckConstraint("status in ('open', 'answered', 'closed')",
                           name="govopen_data_request_status"),
    )


def downgrade():
    op.drop_table("govopen_data_request", if_exists=True)
    op.drop_table("govopen_feedback", if_exists=True)
    op.drop_table("govopen_rating", if_exists=True)
