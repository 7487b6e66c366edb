"""Small helpers every govopen table module uses for its rows (ids, times, dicts)."""
from __future__ import annotations

import datetime
import uuid


def now():
    """Timestamps are naive UTC, like CKAN's own."""
    return datetime.datetime.utcnow()


def new_id():
    return str(uuid.uuid4())


def as_dict(row) -> dict:
    """A result row as a dict, its times as ISO 8601 text (ready for JSON)."""
    d = dict(row._mapping)
    for key, value in d.items():
        if isinstance(value, datetime.datetime):
            d[key] = value.isoformat()
    return d
