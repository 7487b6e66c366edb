"""Publish a harvested dataset once the checks that were still running allow it.

At import time an uploaded table has not been scanned or validated yet, so
the gate holds the dataset private ("pending"). This job runs after the
content jobs (it is the last resource job, ``harvest/feature.py``): when the
dataset came from a harvest source that wants it public (the record row's
``publish``) and the gate now has no reason against it, it is made public
through ``package_patch``, i.e. through the same gate as any other write.
Otherwise the record keeps the gate's current reasons, so the source's
report and the dataset page say why it is still held.
"""
from __future__ import annotations

import logging

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk

from ckanext.govopen import gate
from ckanext.govopen.classification import guard

from . import model

log = logging.getLogger(__name__)


def publish_when_clear(resource_id: str) -> str:
    """Content-job entry point; returns what it did (for logs and tests)."""
    session = ckan_model.Session
    resource = session.get(ckan_model.Resource, resource_id)
    if resource is None or resource.package is None:
        return "no resource"
    dataset = resource.package
    if dataset.state != "active" or not dataset.private:
        return "not held"
    row = model.record_for_dataset(session, dataset.id)
    if row is None or row["withdrawn"] or not row.get("publish"):
        return "not wanted public"
    return publish_dataset(dataset.id, row)


def publish_dataset(dataset_id: str, row: dict) -> str:
    from .importer import site_context

    context = site_context()
    shown = tk.get_action("package_show")(dict(context), {"id": dataset_id})
    found = gate.blockers(dict(shown, private=False, state="active"))
    reasons = [b.stored() for b in found]
    if found:
        model.save_record(ckan_model.Session, row["harvest_source_id"], row["record_id"], blockers=reasons)
        ckan_model.Session.commit()
        return "held: " + ", ".join(sorted({b.gate for b in found}))
    context[guard.REASON_KEY] = "harvest: the source wants it public and every check passed / " \
                                "采集源要求公开，且全部检查已通过"
    try:
        tk.get_action("package_patch")(context, {"id": dataset_id, "private": False})
    except tk.ValidationError as e:        # the gate found a reason between our check and the write
        ckan_model.Session.rollback()
        log.info("harvested dataset %s stays private: %s", dataset_id, e.error_dict)
        return "held"
    model.save_record(ckan_model.Session, row["harvest_source_id"], row["record_id"], blockers=[])
    ckan_model.Session.commit()
    return "published"
