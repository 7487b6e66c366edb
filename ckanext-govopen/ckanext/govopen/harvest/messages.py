"""What a harvest job reports (a busy source, a source's error, a record's
internal error, a record not indexed, a worker lost...), declared once
(``ckanext.govopen.messages``), for the one job run (``jobrun``), both of its
drivers and the worker pool.

The job's report rows keep each error as ``{"code", "where", "record_id",
"message": {"code", "params"}}``; ``messages.present`` puts it into words when
the report is read, in the reader's language. Errors the connectors raise
(``govopen_harvesters``, CKAN-free) still come with both languages
(``{"zh", "en"}``), and read the same way.
"""
from __future__ import annotations

from govopen_harvesters.record import HarvestError

from ckanext.govopen.messages import N_, declare

IMPORT_FAILED = declare("harvest.import_failed", N_(
    "Importing record {record} failed with an internal error ({error}); the other records go on."))
INDEX_PENDING = declare("harvest.index_pending", N_(
    "The dataset of record {record} is saved but could not be added to the search index, so "
    "search does not find it yet; the next run tries again."))
WORKER_DIED = declare("harvest.import_worker_died", N_(
    "The worker importing record {record} stopped unexpectedly (exit code {exitcode}); the record "
    "was not written and the next run imports it."))
WORKER_STOPPED = declare("harvest.import_worker_stopped", N_(
    "The worker importing record {record} answered nothing for {seconds} seconds and was stopped; "
    "the record was not written and the next run imports it."))
RECORD_INVALID = declare("harvest.record_invalid", N_(
    "Record {record} does not meet the national standard ({field}): {problem}"))
RECORD_REJECTED_FIELD = declare("harvest.record_rejected_field", N_(
    "Record {record} was rejected ({field}): {error}"))
RECORD_REJECTED = declare("harvest.record_rejected", N_("Record {record} was rejected: {error}"))

#: a source that cannot be used (``sources.SourceError``)
SOURCE_BUSY = declare("harvest.source_busy", N_(
    "another harvest job is running for source {name}; try again when it has finished."))
NOT_GOVOPEN_TYPE = declare("harvest.not_govopen_type", N_("source type {kind} is not a govopen type ({names})"))
NO_SOURCE = declare("harvest.no_source", N_("no harvest source {name}"))
NO_DEPARTMENT = declare("harvest.no_department", N_("no such department"))


def entry(code: str, where, record_id, message: dict) -> dict:
    """One error of a job's report, as stored (JSON)."""
    out = {"code": code, "where": where, "message": message}
    if record_id is not None:
        out["record_id"] = record_id
    return out


def error_message(err: HarvestError) -> dict:
    d = err.as_dict()
    return {"code": d["code"], "where": d["where"], "record_id": d["record_id"],
            "zh": d["message"]["zh"], "en": d["message"]["en"]}


def internal_error(record_id, exc) -> dict:
    text = "%s: %s" % (type(exc).__name__, str(exc)[:300])
    return entry("import_failed", record_id, record_id, IMPORT_FAILED(record=record_id, error=text))


def not_indexed(record_id) -> dict:
    return entry("index_pending", record_id, record_id, INDEX_PENDING(record=record_id))
