"""The showcase (showcase/): submitted items and the datasets they use.

Revision ID: 0013_showcase
Revises: 0012_uses
"""
from alembic import op
import sqlalchemy as sa

revision = "0013_showcase"
down_revision = "0012_uses"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "govopen_showcase",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False),
        sa.Column("link", sa.UnicodeText, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("submitter_id", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("decided_by", sa.UnicodeText),
        sa.Column("decided", sa.DateTime),
        sa.Column("image", sa.LargeBinary),
        sa.Column("image_type", sa.UnicodeText),
        sa.Column("image_source", sa.UnicodeText),
        sa.Column("image_state", sa.UnicodeText, nullable=False),
        sa.Column("image_error", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("govopen_showcase_status", "govopen_showcase", ["status", "created"])
    op.create_index("govopen_showcase_submitter", "govopen_showcase", ["submitter_id"])
    op.create_table(
        "govopen_showcase_dataset",
        sa.Column("showcase_id", sa.UnicodeText, sa.ForeignKey("govopen_showcase.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
    )
    op.create_index("govopen_showcase_dataset_package", "govopen_showcase_dataset", ["package_id"])


def downgrade():
    op.drop_index("govopen_showcase_dataset_package", "govopen_showcase_dataset")
    op.drop_table("govopen_showcase_dataset")
    op.drop_index("govopen_showcase_submitter", "govopen_showcase")
    op.drop_index("govopen_showcase_status", "govopen_showcase")
    op.drop_table("govopen_showcase")
