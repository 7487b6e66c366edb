"""Actions of the scan: ``govopen_scan_show`` (a resource's result) and ``govopen_scan`` (on demand)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.privacy import model as pmodel


def _resource(context, resource_id):
    try:
        return tk.get_action("resource_show")(dict(context, ignore_auth=True), {"id": resource_id})
    except tk.ObjectNotFound:
        raise tk.ObjectNotFound(tk._("Resource not found") + f": {resource_id}")


@tk.side_effect_free
def scan_show(context, data_dict):
    """The scan result for a resource's current content.

    :param id: the resource id
    :returns: ``{"resource_id", "status": "pending"|"done"|"failed"|"held"|"no_content",
      "result": {sha256, has_pii, entities, findings (masked examples only), kanon, error, checked} | None}``
    """
    resource_id = tk.get_or_bust(data_dict, "id")
    tk.check_access("govopen_scan_show", context, {"id": resource_id})
    resource = _resource(context, resource_id)
    if not pmodel.has_content(resource):
        return {"resource_id": resource_id, "status": "no_content", "result": None}
    result = pmodel.current(model.Session, resource)
    return {"resource_id": resource_id, "status": result["status"] if result else "pending", "result": result}


def scan(context, data_dict):
    """Scan a resource, or every resource of a dataset, now (or on the job queue: always
    in a web request, where content is never fetched).

    :param id: a resource id, or a dataset id/name (all its resources)
    :param force: scan again even when the same content was scanned before (default false)
    :returns: ``{"scanned": [{resource_id, status}], "queued": [resource ids]}``
    """
    from ckanext.govopen import events
    from ckanext.govopen.privacy import jobs

    target = tk.get_or_bust(data_dict, "id")
    tk.check_access("govopen_scan", context, {"id": target})
    force = tk.asbool(data_dict.get("force", False))
    try:
        ids = [_resource(context, target)["id"]]
    except tk.ObjectNotFound:
        dataset = tk.get_action("package_show")(dict(context, ignore_auth=True), {"id": target})
        ids = [r["id"] for r in dataset.get("resources") or []]
    out = {"scanned": [], "queued": []}
    for rid in ids:
        if events.inline():
            result = jobs.scan_resource(rid, force=force)
            out["scanned"].append({"resource_id": rid, "status": result["status"] if result else "no_content"})
        else:
            tk.enqueue_job(jobs.scan_resource, [rid], {"force": force}, title=f"scan_resource {rid}",
                           rq_kwargs={"timeout": int(tk.config.get("govopen.jobs.timeout"))})
            out["queued"].append(rid)
    return out


def _dataset_of(context, target):
    """The dataset id of a resource id or dataset id/name (for auth)."""
    resource = model.Resource.get(target)
    if resource is not None:
        return resource.package_id
    pkg = model.Package.get(target)
    return pkg.id if pkg is not None else target


def scan_auth(context, data_dict):
    """Those who may edit the dataset (its department, sysadmins)."""
    try:
        tk.check_access("package_update", context, {"id": _dataset_of(context, data_dict.get("id"))})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return {"success": False, "msg": tk._("Only the dataset's department may see or start its scans.")}
    return {"success": True}
