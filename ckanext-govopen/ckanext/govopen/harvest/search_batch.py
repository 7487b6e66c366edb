"""A harvest job's search-index adds, sent to Solr a batch at a time.

CKAN indexes a dataset with one HTTP request on a new connection per
dataset. A job instead builds each document with CKAN's own indexer
(``index_package``: every plugin's ``before_dataset_index``, permission
labels) right after the dataset's transaction commits, and sends the
documents ``SIZE`` at a time on one connection.

Nothing is lost in between: the record row says ``pending_index`` until its
batch has reached Solr; what is still pending when the job ends (a batch
Solr refused, a worker stopped before sending) is indexed from the stored
dataset by the job's ``finish``, or else by the next run. A dataset written by someone else
while its document waited is shown and indexed afresh instead of sent
stale (one query per batch compares ``metadata_modified``).

The indexer is pointed at the batch for the length of one document build;
like ``activity.held_back`` that is process-wide, and harvest jobs run in
their own single-threaded processes.
"""
from __future__ import annotations

import contextlib
import logging

import ckan.model as ckan_model
import sqlalchemy as sa
from ckan import logic
from ckan.lib.search import common as search_common
from ckan.lib.search import index as search_index

from . import model

log = logging.getLogger(__name__)

SIZE = 100


class _Collector:
    """Stands in for the Solr connection while CKAN builds a document."""

    def __init__(self):
        self.docs = []

    def add(self, docs, commit=False, **_kw):
        self.docs.extend(docs)

    def __getattr__(self, name):            # anything but add (a delete) goes to Solr
        return getattr(search_common.make_connection(), name)


@contextlib.contextmanager
def _collecting(collector):
    real = search_index.make_connection
    search_index.make_connection = lambda *_a, **_kw: collector
    try:
        yield
    finally:
        search_index.make_connection = real


class Batch:
    """Documents of one source's written datasets, waiting to be sent."""

    def __init__(self, source_id: str, size: int = None):
        self.source_id, self.size = source_id, size or SIZE
        self.waiting = []            # (record_id, dataset_id, metadata_modified, docs)
        self._conn = None

    def add(self, record_id: str, both: tuple):
        """``both``: package_show's default- and custom-schema dicts of the dataset."""
        collector = _Collector()
        with _collecting(collector):
            logic.index_update_package_dicts(both, defer_commit=True)
        self.waiting.append((record_id, both[0]["id"], both[0].get("metadata_modified"), collector.docs))
        if len(self.waiting) >= self.size:
            self.flush()

    def flush(self) -> list:
        """Send what waits; returns the record ids whose dataset could not be indexed
        (they stay ``pending_index`` for the next run)."""
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return []
        changed = self._changed_since(waiting)
        docs, done, failed = [], [], []
        for record_id, dataset_id, _modified, record_docs in waiting:
            if dataset_id in changed:            # written again meanwhile: index what is stored now
                try:
                    logic.index_update_package({"ignore_auth": True}, dataset_id, defer_commit=True)
                    done.append(record_id)
                except Exception:  # noqa: BLE001 - left pending, the next run indexes it
                    log.exception("search index of dataset %s", dataset_id)
                    failed.append(record_id)
            else:
                docs.append((record_id, record_docs))
        ok, bad = self._send(docs)
        done += ok
        failed += bad
        session = ckan_model.Session
        model.indexed(session, self.source_id, done)
        session.commit()
        return failed

    def _changed_since(self, waiting) -> set:
        pkg = ckan_model.Package
        ids = [w[1] for w in waiting]
        built = {w[1]: w[2] for w in waiting}
        rows = ckan_model.Session.execute(sa.select(pkg.id, pkg.metadata_modified).where(pkg.id.in_(ids)))
        return {pid for pid, modified in rows
                if modified is None or modified.isoformat() != built.get(pid)}

    def _send(self, docs):
        """One request for all; if Solr refuses it but answers, one per dataset to find
        the culprits."""
        if not docs:
            return [], []
        if self._conn is None:
            self._conn = search_common.make_connection()
        try:
            self._conn.add(docs=[d for _r, ds in docs for d in ds], commit=False)
            return [r for r, _ds in docs], []
        except Exception:  # noqa: BLE001
            log.warning("Solr refused a batch of %d documents", len(docs))
        try:
            self._conn.ping()
        except Exception:  # noqa: BLE001 - unreachable: all stay pending, no request per document
            log.exception("Solr is unreachable")
            return [], [r for r, _ds in docs]
        ok, bad = [], []
        for record_id, record_docs in docs:
            try:
                self._conn.add(docs=record_docs, commit=False)
                ok.append(record_id)
            except Exception:  # noqa: BLE001 - left pending, reported by the job
                log.exception("search index of record %s", record_id)
                bad.append(record_id)
        return ok, bad
