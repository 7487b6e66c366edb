"""Validation in the Action API, the search index and package_show.

- ``govopen_validation_show``: the full stored report of a resource (JSON).
- ``govopen_validate``: validate a resource, or all tables of a dataset, now.
- ``index_fields`` (index hook): ``validation_status`` of the dataset, a facet.
- ``show_statuses`` (show hook): each table's ``validation_status``.
"""
from __future__ import annotations

import json
import logging

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk

from ckanext.govopen import written
from ckanext.govopen.access import grants

from . import model, status
from .report import without_content
from .formats import resource_format

log = logging.getLogger(__name__)


def validation_show(context, data_dict):
    """The stored validation report of a resource's current content.

    :param id: the resource id
    :returns: ``{resource_id, state, current, report, sha256, checked, ...}``;
        callers without access to the file (conditionally-open datasets) get
        ``content_restricted`` true and the report without single errors or hash;
        ``state`` is valid/invalid/error/pending; when the current content has
        no report yet, the latest earlier one is returned with ``current`` false.
    """
    rid = tk.get_or_bust(data_dict, "id")
    tk.check_access("govopen_validation_show", context, data_dict)
    resource = tk.get_action("resource_show")(dict(context, ignore_auth=True), {"id": rid})
    dataset = tk.get_action("package_show")(dict(context, ignore_auth=True), {"id": resource["package_id"]})
    if resource_format(resource) is None:
        raise tk.ValidationError({"id": [tk._("This resource is not a table (CSV, TSV, XLSX, XLS, JSON); "
                                              "it is not validated. / 该资源不是表格文件，不做数据校验。")]})
    for res, state, row, settings_error in status.resource_states(dataset):
        if res.get("id") != rid:
            continue
        current = row is not None
        row = row or model.latest(ckan_model.Session, rid)
        out = {"resource_id": rid, "package_id": dataset["id"], "state": state, "current": current,
               "settings_error": settings_error, "report": None}
        if row:
            out.update({"report": row["report"], "sha256": row["sha256"], "checked": row["checked"],
                        "created": row["created"], "status": row["status"]})
        if not grants.may_see_content(context, rid):
            # a public conditionally-open table: its cells stay with those who have the file
            out.pop("sha256", None)
            out["report"] = without_content(out["report"]) if out["report"] else None
            out["content_restricted"] = True
        return out
    raise tk.ObjectNotFound(tk._("Resource not found"))


@tk.auth_allow_anonymous_access
def validation_show_auth(context, data_dict):
    """Whoever may see the resource may see its report."""
    try:
        tk.check_access("resource_show", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this resource.")}
    return {"success": True}


def validate(context, data_dict):
    """Validate now: one resource (``id``) or every table of a dataset (``package_id``).

    :param id: a resource id, or
    :param package_id: a dataset id or name
    :param force: validate again even when the content and schema are unchanged (default false)
    :returns: ``[{resource_id, status, error_count, sampled}]``; in a web request
        (or without ``govopen.jobs.inline``) the work goes to the job queue and each
        entry is ``{resource_id, status: "queued"}``: the web app never fetches content
    """
    from ckanext.govopen import events

    from . import jobs

    tk.check_access("govopen_validate", context, data_dict)
    force = tk.asbool(data_dict.get("force", False))
    ids = _resource_ids(data_dict)
    out = []
    for rid in ids:
        if not events.inline():
            tk.enqueue_job(jobs.validate_resource, [rid], {"force": force}, title=f"validate_resource {rid}",
                           rq_kwargs={"timeout": int(tk.config.get("govopen.jobs.timeout"))})
            out.append({"resource_id": rid, "status": "queued"})
            continue
        row = jobs.validate_resource(rid, force=force)
        if row:
            out.append({"resource_id": rid, "status": row["status"], "error_count": row["error_count"],
                        "sampled": row["sampled"], "checked": row["checked"]})
    return out


def _resource_ids(data_dict) -> list:
    context = {"ignore_auth": True}
    if data_dict.get("id"):
        return [tk.get_action("resource_show")(dict(context), {"id": data_dict["id"]})["id"]]
    dataset = tk.get_action("package_show")(dict(context), {"id": tk.get_or_bust(data_dict, "package_id")})
    return [r["id"] for r in dataset.get("resources") or [] if resource_format(r)]


def validate_auth(context, data_dict):
    """Those who may edit the dataset may have its tables validated."""
    package_id = data_dict.get("package_id")
    if not package_id and data_dict.get("id"):
        try:
            package_id = tk.get_action("resource_show")({"ignore_auth": True},
                                                        {"id": data_dict["id"]})["package_id"]
        except tk.ObjectNotFound:
            return {"success": False, "msg": tk._("Resource not found")}
    try:
        tk.check_access("package_update", context, {"id": package_id})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Only the dataset's department may validate its tables.")}
    return {"success": True}


def index_fields(pkg_dict) -> dict:
    """Index hook: ``validation_status`` (valid/invalid/error/pending/none)."""
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or pkg_dict.get("data_dict") or "{}")
    except ValueError:
        return {}
    try:
        shown = status.shown_dataset_status(dataset)
        return {"validation_status": shown or status.dataset_status(dataset)}
    except Exception:  # noqa: BLE001 - indexing must not fail on a report problem
        log.exception("validation status of %s", pkg_dict.get("id"))
        return {}


def show_statuses(context, pkg_dict) -> None:
    """Show hook: each table resource gets ``validation_status``."""
    resources = pkg_dict.get("resources") or []
    if not any(resource_format(r) for r in resources):
        return
    for res, state, _, _ in status.resource_states(
            pkg_dict, new_resources=written.just_created(context, pkg_dict) is not None):
        res["validation_status"] = state
