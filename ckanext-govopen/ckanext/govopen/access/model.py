"""The tables of migration 0005_access, on a private MetaData (never CKAN's).

``govopen_access_request``: one row per request, its current status.
``govopen_access_event``: append-only history of every step (filed, approved,
denied), who took it, when and why.
"""
from __future__ import annotations

import sqlalchemy as sa

from ckanext.govopen.rows import as_dict, new_id, now  # noqa: F401 (the tables' helpers)

metadata = sa.MetaData()

PENDING, APPROVED, DENIED = "pending", "approved", "denied"
STATUSES = (PENDING, APPROVED, DENIED)
DECISIONS = (APPROVED, DENIED)
FILED = "filed"

access_request = sa.Table(
    "govopen_access_request", metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("user_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("purpose", sa.UnicodeText, nullable=False),
    sa.Column("status", sa.UnicodeText, nullable=False),
    sa.Column("decided_by", sa.UnicodeText),
    sa.Column("reason", sa.UnicodeText),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("decided", sa.DateTime),
)

access_event = sa.Table(
    "govopen_access_event", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("request_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("action", sa.UnicodeText, nullable=False),
    sa.Column("actor_id", sa.UnicodeText, nullable=False),
    sa.Column("reason", sa.UnicodeText),
    sa.Column("timestamp", sa.DateTime, nullable=False),
)
