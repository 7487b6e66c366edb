"""The scan job: ``scan_resource(resource_id)`` (registered in ``events.RESOURCE_JOBS``).

Reads the resource's current content (``content.local_copy``), hashes it and
reuses a stored result for the same content; otherwise runs the streaming
scanner (plus k-anonymity over the dataset's declared quasi-identifiers) and
stores the result. When the scan finds personal information the declaration
contradicts in a dataset that is public right now, the job takes the dataset
down (``private=True``) and says why in the audit log.
"""
from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.classification import guard, policy
from ckanext.govopen.privacy import content, status
from ckanext.govopen.privacy import model as pmodel

log = logging.getLogger(__name__)


def _context():
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _kanon_wanted(dataset):
    qis = policy.quasi_identifiers(dataset)
    k = int((policy.load().get("kanon") or {}).get("k", 5))
    return qis, k


def _kanon_current(result, qis, k):
    if not qis:
        return True
    kanon = result.get("kanon") or {}
    return list(kanon.get("quasi_identifiers") or []) == qis and int(kanon.get("k") or 0) == k


def _scan(path, resource, qis, k, progress=None):
    """(status, report dict, kanon dict or None) of the file at ``path``."""
    from ckanext.govopen.scan import ScanOptions, k_anonymity_file, scan_file

    report = scan_file(path, format=resource.get("format") or None, options=ScanOptions(progress=progress))
    data = report.to_dict()
    data["source"] = pmodel.file_name(resource)
    ids = {m["id"] for m in report.messages}
    if "scan.unsupported_format" in ids:
        return pmodel.NOT_APPLICABLE, data, None
    if not report.complete:
        return pmodel.FAILED, data, None
    kanon = None
    if qis:
        kanon = k_anonymity_file(path, qis, k=k, format=resource.get("format") or None).to_dict()
    return pmodel.DONE, data, kanon


def _error_of(data):
    errors = [m for m in (data or {}).get("messages") or [] if m.get("level") == "error"]
    if not errors:
        return {"zh": "扫描未完成", "en": "the scan did not complete"}
    return {"zh": "；".join(m["zh"] for m in errors), "en": "; ".join(m["en"] for m in errors)}


def scan_resource(resource_id, force=False, progress=None):
    """Scan one resource's current content and store the result; returns the stored result."""
    context = _context()
    try:
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
    except tk.ObjectNotFound:
        log.info("scan: resource %s is gone", resource_id)
        return None
    dataset = tk.get_action("package_show")(dict(context), {"id": resource["package_id"]})
    if not pmodel.has_content(resource):
        return None
    marker = pmodel.marker(resource)
    qis, k = _kanon_wanted(dataset)
    session = model.Session
    try:
        with content.local_copy(resource) as (path, sha256):
            existing = pmodel.by_hash(session, resource_id, sha256)
            if (existing and not force and existing["status"] != pmodel.FAILED
                    and _kanon_current(existing, qis, k)):
                pmodel.touch(session, existing["id"], marker)
            else:
                state, data, kanon = _scan(path, resource, qis, k, progress)
                pmodel.save(session, resource_id, sha256, marker, state, report=data, kanon=kanon,
                            error=_error_of(data) if state == pmodel.FAILED else None)
    except content.ContentError as e:
        pmodel.save(session, resource_id, None, marker, pmodel.FAILED, error=e.message)
    session.commit()
    result = pmodel.current(session, resource)
    _withdraw_if_needed(dataset, resource, result, context)
    return result


def _withdraw_if_needed(dataset, resource, result, context):
    """A public dataset whose new scan found undeclared personal information goes private."""
    public = not dataset.get("private") and dataset.get("state", "active") == "active"
    if not public or not status.contradicts_declaration(dataset, result):
        return
    if status.approved(dataset["id"], resource["id"], result):
        return
    entities = ", ".join(result.get("entities") or [])
    reason = (f"个人信息扫描在资源“{resource.get('name') or resource['id']}”中发现 {entities}，数据集已自动转为非公开 / "
              f"the scan found {entities} in resource '{resource.get('name') or resource['id']}'; "
              "the dataset was made private")
    tk.get_action("package_patch")(dict(context, **{guard.REASON_KEY: reason}),
                                   {"id": dataset["id"], "private": True})
    log.warning("scan: dataset %s made private: %s in resource %s", dataset["name"], entities, resource["id"])
