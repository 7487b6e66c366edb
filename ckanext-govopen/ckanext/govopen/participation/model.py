"""The tables of migration 0006_participation, on a private MetaData (never CKAN's).

``govopen_rating``: one score (1-5) per rater per dataset; a rater is a user
(``user:<id>``) or an anonymous visitor (``anon:<keyed hash of the address>``).
``govopen_feedback``: comments on a dataset, published or hidden, with the
department's public reply.
``govopen_data_request``: a request for data not in the catalog; ``contact``
is never shown publicly.
"""
from __future__ import annotations

import sqlalchemy as sa

from ckanext.govopen.rows import as_dict, new_id, now  # noqa: F401 (the tables' helpers)

metadata = sa.MetaData()

PUBLISHED, HIDDEN = "published", "hidden"
FEEDBACK_STATES = (PUBLISHED, HIDDEN)
OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
REQUEST_STATUSES = (OPEN, ANSWERED, CLOSED)

rating = sa.Table(
    "govopen_rating", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column("rater_key", sa.UnicodeText, nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("updated", sa.DateTime, nullable=False),
)

feedback = sa.Table(
    "govopen_feedback", metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column("user_id", sa.UnicodeText),
    sa.Column("author_name", sa.UnicodeText),
    sa.Column("source_key", sa.UnicodeText, nullable=False),
    sa.Column("text", sa.UnicodeText, nullable=False),
    sa.Column("state", sa.UnicodeText, nullable=False),
    sa.Column("reply", sa.UnicodeText),
    sa.Column("replied_by", sa.UnicodeText),
    sa.Column("replied", sa.DateTime),
    sa.Column("moderated_by", sa.UnicodeText),
    sa.Column("created", sa.DateTime, nullable=False),
)

data_request = sa.Table(
    "govopen_data_request", metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("title", sa.UnicodeText, nullable=False),
    sa.Column("description", sa.UnicodeText, nullable=False),
    sa.Column("contact", sa.UnicodeText),
    sa.Column("org_id", sa.UnicodeText),
    sa.Column("user_id", sa.UnicodeText),
    sa.Column("source_key", sa.UnicodeText, nullable=False),
    sa.Column("status", sa.UnicodeText, nullable=False),
    sa.Column("published", sa.Boolean, nullable=False, default=True),
    sa.Column("answer", sa.UnicodeText),
    sa.Column("answered_by", sa.UnicodeText),
    sa.Column("answered", sa.DateTime),
    sa.Column("package_id", sa.UnicodeText),
    sa.Column("created", sa.DateTime, nullable=False),
)
