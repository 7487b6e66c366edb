"""The tables of migration 0013_showcase, on a private MetaData (never CKAN's).

``govopen_showcase``: one submitted item; ``status`` pending until an editor or
admin of a department whose dataset it uses (or a sysadmin) approves or
rejects it (``reason``). Its image is kept here (``image``: bytes whose type
was sniffed, ``image_type``): an upload, or a link fetched once through the
outbound guard by a job (``image_source``, never shown on a page);
``image_state`` is ``none``, ``pending``, ``ready`` or ``failed``.
``govopen_showcase_dataset``: the datasets an item uses.
"""
from __future__ import annotations

import sqlalchemy as sa

from ckanext.govopen.rows import as_dict, new_id, now  # noqa: F401 (the tables' helpers)

metadata = sa.MetaData()

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATUSES = (PENDING, APPROVED, REJECTED)
KINDS = ("app", "analysis", "visualisation", "news")
NO_IMAGE, IMAGE_PENDING, IMAGE_READY, IMAGE_FAILED = "none", "pending", "ready", "failed"

showcase = sa.Table(
    "govopen_showcase", metadata,
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

showcase_dataset = sa.Table(
    "govopen_showcase_dataset", metadata,
    sa.Column("showcase_id", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
)
