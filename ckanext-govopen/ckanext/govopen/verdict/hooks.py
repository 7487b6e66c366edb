"""Where the verdict is computed, stored, shown and indexed (the hooks are
declared, with their order, in ``verdict/feature.py``).

- ``store_written`` (after-write hook): every dataset write, in its transaction.
- ``refresh_for_resource`` (resource job, after the content checks):
  a finished scan or validation may change the verdict (k-anonymity proven,
  personal information found) without any write to the dataset.
- ``show_verdict`` (show hook, first): the stored verdict on the dict; a
  ``govopen_verdict`` given by a caller is never kept.
- ``index_fields`` (index hook): ``effective_open_type`` in Solr, for facets
  and filters.
"""
from __future__ import annotations

import json

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.access import locations
from ckanext.govopen import feature, reindex
from ckanext.govopen.feature import CREATED
from ckanext.govopen.verdict import compute
from ckanext.govopen.verdict import model as vmodel
from ckanext.govopen.verdict.read import FIELD


INDEX_FIELD = "effective_open_type"


def stored(package_id: str, value: dict) -> None:
    """The features' verdict hooks (``Feature.verdict_hooks``), wherever a verdict
    is stored: after a dataset write (before CKAN commits) and in a refresh
    (before it commits)."""
    for hook in feature.ordered(feature.installed(), "verdict_hooks"):
        hook(package_id, value)


def store_written(context, pkg_dict):
    """After-write hook: the verdict of what was just written."""
    if not pkg_dict.get("id") or (pkg_dict.get("type") or "dataset") != "dataset":
        return
    value = compute.compute(pkg_dict)
    vmodel.save(model.Session, pkg_dict["id"], value)
    stored(pkg_dict["id"], value)
    _relocate_if_restricted(pkg_dict["id"], value, created=bool(context.get(CREATED)))


def _relocate_if_restricted(package_id, value, scrub=False, created=False) -> int:
    """A restricted dataset's file locations leave CKAN's rows (``access.locations``),
    and the older copies of it its activity stream keeps; ``scrub``: those copies
    even when nothing moved now (``ckan govopen verdict refresh``). An unconditionally
    open dataset's come back into the rows."""
    package = model.Package.get(package_id)
    if package is None:
        return 0
    if value["open_type"] == "unconditional":
        # open now: the public may have them (a new dataset has nothing kept yet)
        return 0 if created else locations.put_back(package)
    # a new dataset has no views yet (CKAN makes its default views after this hook)
    # and no older copies in its activity stream
    moved = locations.relocate(package, views=not created)
    if (moved or scrub) and not created:
        locations.scrub_activities(package_id)
    return moved


def refresh(package_id: str, scrub: bool = False) -> dict:
    """Recompute and store a dataset's verdict; reindex it when the verdict changed.

    Under the dataset's row lock, from the dataset as committed (``reindex``): a
    write in flight finishes first, and the verdict stored and the search document
    written are both of the state that write left, never of an older copy."""
    reindex.locked(package_id)
    try:
        dataset = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False},
                                               {"id": package_id})
        value = compute.compute(dataset)
        changed = vmodel.save(model.Session, package_id, value)
        stored(package_id, value)
        moved = _relocate_if_restricted(package_id, value, scrub=scrub)
        if changed or moved:
            reindex.write(package_id)
    except BaseException:
        model.Session.rollback()
        raise
    model.Session.commit()
    return value


def refresh_for_resource(resource_id: str):
    """Resource job: the content of this resource was checked."""
    resource = model.Resource.get(resource_id)
    if resource is None or resource.package_id is None:
        return None
    return refresh(resource.package_id)


def show_verdict(context, pkg_dict):
    """Show hook: the stored verdict (or, missing or stale, the computed one)."""
    pkg_dict.pop(FIELD, None)
    if not pkg_dict.get("id") or (pkg_dict.get("type") or "dataset") != "dataset":
        return
    stored = vmodel.get(model.Session, pkg_dict["id"])
    if stored is None or stored.get("policy") != compute.policy_version():
        stored = compute.compute(pkg_dict)
    pkg_dict[FIELD] = stored


def index_fields(pkg_dict) -> dict:
    """Index hook: the effective open type as a plain Solr field."""
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except ValueError:
        dataset = {}
    carried = dataset.get(FIELD) or {}
    return {INDEX_FIELD: carried.get("open_type") or "none"}
