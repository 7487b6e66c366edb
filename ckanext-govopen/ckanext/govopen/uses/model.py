"""The table of migration 0012_uses, on a private MetaData (never CKAN's)."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

uses = sa.Table(
    "govopen_dataset_uses", metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("downloads", sa.BigInteger, nullable=False),
    sa.Column("api_calls", sa.BigInteger, nullable=False),
    sa.Column("indexed", sa.BigInteger, nullable=False),
    sa.Column("updated", sa.DateTime, nullable=False),
)
