"""The verdict changed: a dataset that is not open keeps nothing in the DataStore.

``verdict_stored`` (the datastore feature's ``verdict_hooks``) runs wherever a verdict is stored:
on every dataset write (in its transaction, before CKAN commits and reindexes)
and on every refresh (after the content checks, ``ckan govopen verdict
refresh``). A table that becomes open again comes back with the next content
check of its resource (or ``ckan govopen datastore load``).
"""
from __future__ import annotations

import ckan.model as model

from . import load, store


def verdict_stored(package_id: str, verdict: dict) -> int:
    """Drop the DataStore tables of a not-open dataset; the number dropped. Flags
    change in the caller's transaction (it commits and reindexes)."""
    if verdict.get("open_type") in ("unconditional", "conditional"):
        return 0
    rows = model.Session.query(model.Resource.id, model.Resource.extras).filter(
        model.Resource.package_id == package_id).all()
    # A table is loaded only with datastore_active set in the same step (and a failed
    # load leaves none: its new table is made in the load's own transaction), so a
    # dataset none of whose resources is active has nothing to take out: no query to
    # the DataStore's database on each write (a harvest writes thousands of private,
    # not-yet-open datasets). Reads follow the verdict whatever is stored.
    if not any((extras or {}).get("datastore_active") for _rid, extras in rows):
        return 0
    tables = store.existing([rid for rid, _ in rows])      # one query, not one per resource
    return sum(1 for rid, extras in rows
               if (rid in tables or (extras or {}).get("datastore_active"))
               and load.take_out(rid, package_id, load.NOT_OPEN, reindex=False))
