"""A dataset's search document written outside its writes: from what is committed, in turn with them.

CKAN writes a dataset's search document inside the write itself (before it
commits, while it holds the dataset's row). The jobs that rebuild a document
later (a content job after its validation or DataStore load, a verdict
refresh) read the dataset through a session that never forgets what it read
(CKAN's ``expire_on_commit=False``): a job that started on a private
dataset, rebuilding its document after someone made it public, wrote the
old, private state over the new document, and search said private while the
dataset and its stored verdict said public (or open after a restriction)
until the next write.

``locked`` takes the dataset's row lock (it waits for a write in flight to
commit and holds later ones off until this transaction ends) and forgets the
session's copies, so what the job reads next is the committed dataset;
``write`` builds and sends the document inside that lock, before the commit.
So the last document written for a dataset is always of its last committed
state, and the verdict a refresh stores is computed from that same state.
"""
from __future__ import annotations

import logging

import ckan.model as model
import sqlalchemy as sa
from ckan.lib import search

log = logging.getLogger(__name__)


def locked(package_id: str) -> None:
    """Wait for the dataset's row and hold it until the session commits; read it afresh.
    This session's own pending changes are flushed first: forgetting the session's
    copies must not drop what it has not written yet (a Core select does not autoflush)."""
    model.Session.flush()
    table = model.package_table
    model.Session.execute(sa.select(table.c.id).where(table.c.id == package_id).with_for_update())
    model.Session.expire_all()


def write(package_id: str) -> bool:
    """The dataset's search document, from this transaction's view of it (call under ``locked``)."""
    model.Session.flush()
    try:
        search.rebuild(package_id)
        return True
    except Exception:  # noqa: BLE001 - the rows are stored; the index catches up on the next write
        log.exception("reindexing %s failed", package_id)
        return False


def reindex(package_id: str) -> bool:
    """A job's rebuild of one dataset's document: locked, written, committed."""
    locked(package_id)
    try:
        return write(package_id)
    finally:
        model.Session.commit()
