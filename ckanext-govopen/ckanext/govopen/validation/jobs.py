"""The validation check of the content pipeline: validate a resource's table
and store the report.

``validate_check`` runs in ``content_job`` (after every resource create and
update, on the one copy the pipeline read); ``validate_resource`` on demand
(``govopen_validate``, ``ckan govopen validate``). The file is never changed
or deleted, valid or not: the owner needs it to see and fix the errors.
"""
from __future__ import annotations

import logging
from typing import Optional

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk

from ckanext.govopen import content_job, reindex

from . import model
from .core import Limits, validate
from .report import ERROR, Report, Tally
from .settings import SettingsError, for_resource

log = logging.getLogger(__name__)


def limits() -> Limits:
    return Limits(max_bytes=int(tk.config.get("govopen.validation.max_bytes") or 0),
                  sample_rows=int(tk.config.get("govopen.validation.sample_rows") or 0),
                  keep_errors=int(tk.config.get("govopen.validation.errors_per_type")),
                  preview_rows=int(tk.config.get("govopen.validation.preview_rows")))


def _failure(kind: str, title: str, message: dict, settings=None) -> dict:
    """The report of a resource validation could not look at: one problem whose
    message is stored as a message (``model`` puts it into the reader's words)."""
    tally = Tally()
    tally.add_problem(kind, title, message)
    report = Report(status=ERROR, error_count=1, errors=tally.grouped(),
                    format=getattr(settings, "format", None),
                    schema_source=getattr(settings, "schema_source", None))
    out = report.as_dict()
    out["message"] = message
    return out


def _reindex(dataset_id: str) -> None:
    """The search index's ``validation_status`` facet follows the new report (from the
    dataset as committed now, not as this job first read it: ``reindex``)."""
    reindex.reindex(dataset_id)


def validate_check(item) -> Optional[dict]:
    """The content pipeline's validation of one resource's copy (the validation feature's ``content_checks``);
    returns the stored report row (None for a resource that is not a table). Skips
    the work when a report for the same content and settings exists, unless forced."""
    resource, dataset = item.resource, item.dataset
    resource_id = resource["id"]
    session = ckan_model.Session
    marker = model.marker(resource)
    try:
        settings = for_resource(resource, dataset)
    except SettingsError as e:
        model.save(session, resource_id, None, "invalid-settings", marker,
                   _failure("layout-error", "Invalid validation settings", e.message))
        _reindex(dataset["id"])
        return model.latest(session, resource_id)
    if settings is None:
        return None
    key = settings.key
    sha256 = item.sha256
    if item.error:
        stored = _failure("fetch-error", "Content not readable", item.error, settings)
    else:
        existing = model.find(session, resource_id, sha256, key)
        if existing and not item.force:
            model.touch(session, existing["id"], marker)
            _reindex(dataset["id"])
            log.info("validation: %s unchanged (%s), report %s kept", resource_id, sha256[:12], existing["id"])
            return model.latest(session, resource_id)
        encoding = item.encoding if item.kind and item.kind.kind in ("csv", "tsv") else None
        report = validate(item.path, format=settings.format, name=resource.get("url"),
                          schema=settings.schema, schema_source=settings.schema_source,
                          header_row=settings.header_row, skip_footer=settings.skip_footer,
                          text_encoding=encoding, limits=limits())
        report.sha256 = sha256
        stored = report.as_dict()
    model.save(session, resource_id, sha256, key, marker, stored)
    _reindex(dataset["id"])
    log.info("validation: %s %s (%s errors)", resource_id, stored["status"], stored["error_count"])
    return model.latest(session, resource_id)


def validate_resource(resource_id: str, force: bool = False) -> Optional[dict]:
    """Validate one resource's current content now (CLI, ``govopen_validate``)."""
    done = content_job.check_resource(resource_id, force=force, only=("validation",))
    return (done or {}).get("validation")
