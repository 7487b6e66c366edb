"""The Data API check of the content pipeline (the datastore feature's ``content_checks``, after
validation): on the one copy the pipeline read, a table that passed validation
in a dataset whose verdict is open or conditional is loaded into the DataStore
(``store.load``: typed COPY, swapped in whole); any other table that has one
there is taken out. ``datastore_active`` is set on the resource in CKAN's
database directly (not through ``resource_patch``, which would start the
content pipeline again), and the dataset reindexed.

Built on CKAN's DataStore directly rather than ckanext-xloader: xloader copies
everything as text first and guesses types after, in a job of its own that
fetches the file again; the pipeline has the copy, the encoding, the header
row and footer validation found, and the types from the Table Schema.
"""
from __future__ import annotations

import logging
from typing import Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen import reindex as fresh
from ckanext.govopen.validation import model as validation_model
from ckanext.govopen.validation.formats import resource_format
from ckanext.govopen.validation.report import VALID
from ckanext.govopen.validation.settings import SettingsError, for_resource
from ckanext.govopen.verdict import compute

from . import grid, messages, store
from .columns import LoadError

log = logging.getLogger(__name__)

#: the formats loaded (XLSX, XLS and JSON tables: not yet)
FORMATS = ("csv", "tsv")
NOT_OPEN = messages.message("not_open")
NOT_VALID = messages.message("not_valid")


def set_active(resource_id: str, active: bool, reindex: bool = True) -> bool:
    """``datastore_active`` on the resource (CKAN's database); True when it changed.
    ``reindex`` false: the caller's transaction commits it and reindexes."""
    res = model.Resource.get(resource_id)
    if res is None:
        return False
    extras = dict(res.extras or {})
    if bool(extras.get("datastore_active")) == active:
        return False
    extras["datastore_active"] = active
    model.Session.query(model.Resource).filter_by(id=resource_id).update(
        {"extras": extras}, synchronize_session=False)
    model.Session.expire(res, ["extras"])      # the session's copy reads the new flag
    if reindex:
        model.Session.commit()
        # from the dataset as committed now, not as this job first read it
        fresh.reindex(res.package_id)
    return True


def take_out(resource_id: str, package_id: Optional[str], note: dict, reindex: bool = True) -> bool:
    """The resource's table out of the DataStore, and its flag off; True when a table went."""
    dropped = store.drop(resource_id, package_id, note)
    removed = grid.remove(resource_id)
    changed = set_active(resource_id, False, reindex=reindex)
    if removed and reindex and not changed:
        model.Session.commit()
    if dropped:
        log.info("datastore: %s dropped (%s)", resource_id, note["code"])
    return dropped or changed


def _passed(item, report: Optional[dict]) -> bool:
    return bool(report) and not item.error and report["status"] == VALID \
        and report.get("sha256") == item.sha256 and report["report"].get("status") == VALID


def load_check(item) -> Optional[dict]:
    """Content check: the resource's table in the DataStore, or out of it;
    returns its load state (None: not a table)."""
    resource, dataset = item.resource, item.dataset
    rid, package_id = resource["id"], dataset["id"]
    if resource_format(resource) not in FORMATS:
        if store.table_exists(rid):
            take_out(rid, package_id, NOT_VALID)
        return None
    if compute.compute(dataset)["open_type"] not in ("unconditional", "conditional"):
        take_out(rid, package_id, NOT_OPEN)
        return store.state(rid)
    report = validation_model.latest(model.Session, rid)
    try:
        settings = for_resource(resource, dataset)
    except SettingsError:
        settings = None
    if settings is None or not _passed(item, report) or report["settings"] != settings.key:
        take_out(rid, package_id, NOT_VALID)
        return store.state(rid)
    done = store.state(rid)
    if done and done["status"] == store.LOADED and done["sha256"] == item.sha256 \
            and done["settings"] == settings.key and store.table_exists(rid) and not item.force:
        set_active(rid, True)
        grid.ensure(rid)
        return done
    body = report["report"]
    args = (rid, package_id, item.path, item.encoding, settings.format,
            settings.schema or body.get("schema"), body.get("header_row") or 1, body.get("footer_rows") or 0)
    kw = dict(labels=body.get("labels"), sha256=item.sha256, settings=settings.key,
              expect_rows=None if body.get("sampled") else body.get("rows"))
    try:
        # the rows first (queryable, on the page), then their full text (store.load)
        rows = store.load(*args, full_text=False, **kw)
        log.info("datastore: %s loaded (%d rows)", rid, rows)
        set_active(rid, True)
        grid.ensure(rid)
        store.complete_full_text(*args, **kw)
    except LoadError as e:
        log.info("datastore: %s not loaded: %s", rid, e)
        store.drop(rid, package_id)
        store.record_error(rid, package_id, item.sha256, settings.key, e.message)
        if grid.remove(rid):
            model.Session.commit()
        set_active(rid, False)
        return store.state(rid)
    return store.state(rid)
