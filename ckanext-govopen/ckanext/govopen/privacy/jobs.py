"""The personal-information check of the content pipeline (the privacy feature's ``content_checks``).

``scan_check(item)`` gets the one copy ``content_job`` read and sniffed:
tables (CSV/TSV, XLSX/XLS, JSON) go through the streaming scanner as what
their bytes are (a CSV named ``p.pdf`` is a CSV), plus k-anonymity over the
dataset's declared quasi-identifiers; documents (PDF, Word .docx, ODF) have
their text extracted (``scan.documents``) and run through the same detectors.
Anything that cannot be read (an unknown binary, an encrypted PDF, a corrupt
archive) is ``held`` for a reviewer: it blocks the gate until a reviewer
approves exactly that content. A stored result for the same content is
reused. When the scan finds personal information the declaration
contradicts in a dataset that is public right now, the dataset is taken down
(``private=True``) and the audit log says why.

``scan_resource(resource_id)`` runs only this check (CLI, ``govopen_scan``).
"""
from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen import content_job
from ckanext.govopen.classification import guard, policy
from ckanext.govopen.privacy import content, status
from ckanext.govopen.privacy import messages as pmessages
from ckanext.govopen.privacy import model as pmodel

log = logging.getLogger(__name__)

#: the column the text of a document is reported under
TEXT_COLUMN = "正文 / text"


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


def _held(item, reason):
    data = {"source": pmodel.file_name(item.resource), "format": item.kind.kind if item.kind else None,
            "findings": [], "messages": []}
    return pmodel.HELD, data, None, reason


def _scan(item, qis, k):
    """(status, report dict, kanon dict or None, error (a message, or {zh, en}) or None) of the item's copy."""
    from ckanext.govopen.scan import ScanOptions, k_anonymity_file, scan_file, scan_rows
    from ckanext.govopen.scan.documents import Unreadable, rows

    limit = content.max_bytes()
    if limit and item.size > limit:
        return pmodel.FAILED, None, None, pmessages.TOO_LARGE(size=item.size, limit=limit)
    kind = item.kind.kind
    options = ScanOptions(progress=item.progress, encoding=item.encoding)
    if item.kind.table and kind != "ods":
        if kind in ("csv", "tsv") and item.encoding is None:
            return _held(item, pmessages.ENCODING_UNKNOWN())
        report = scan_file(item.path, format=kind, options=options)
    elif item.kind.document or kind == "ods":
        try:
            report = scan_rows([TEXT_COLUMN], rows(item.path, kind), options=options,
                               name=pmodel.file_name(item.resource))
        except Unreadable as e:
            return _held(item, e.message)
        report.format, report.bytes = kind, item.size
    else:
        return _held(item, item.kind.reason or pmessages.UNREADABLE())
    data = report.to_dict()
    data["source"] = pmodel.file_name(item.resource)
    if not report.complete:
        return pmodel.FAILED, data, None, _error_of(data)
    kanon = None
    if qis and item.kind.table and kind != "ods":
        kanon = k_anonymity_file(item.path, qis, k=k, format=kind).to_dict()
    return pmodel.DONE, data, kanon, None


def _error_of(data):
    errors = [m for m in (data or {}).get("messages") or [] if m.get("level") == "error"]
    if not errors:
        return pmessages.INCOMPLETE()
    return {"zh": "；".join(m["zh"] for m in errors), "en": "; ".join(m["en"] for m in errors)}


def scan_check(item):
    """The content pipeline's scan of one resource's copy; returns the stored result."""
    resource, dataset = item.resource, item.dataset
    if not pmodel.has_content(resource):
        return None
    marker = pmodel.marker(resource)
    qis, k = _kanon_wanted(dataset)
    session = model.Session
    if item.error:
        pmodel.save(session, resource["id"], None, marker, pmodel.FAILED, error=item.error)
    else:
        existing = pmodel.by_hash(session, resource["id"], item.sha256)
        if (existing and not item.force and existing["status"] != pmodel.FAILED
                and _kanon_current(existing, qis, k)):
            pmodel.touch(session, existing["id"], marker)
        else:
            state, data, kanon, error = _scan(item, qis, k)
            pmodel.save(session, resource["id"], item.sha256, marker, state, report=data, kanon=kanon,
                        error=error)
    session.commit()
    result = pmodel.current(session, resource)
    _withdraw_if_needed(dataset, resource, result, _context())
    return result


def scan_resource(resource_id, force=False, progress=None):
    """Scan one resource's current content now and store the result; returns the stored result."""
    done = content_job.check_resource(resource_id, force=force, only=("scan",), progress=progress)
    return (done or {}).get("scan")


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
