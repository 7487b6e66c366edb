"""Template helper: a resource's scan result for its page, or None.

Findings are shown only to those who may see them (the dataset's department
and sysadmins through ``govopen_scan_show``'s auth, and reviewers); everyone
else gets None, so the page shows nothing rather than a hint that there is
something. Only what the stored report holds is shown: masked examples,
counts, shares, confidences.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.classification.reviewers import is_reviewer
from ckanext.govopen.messages import both

from .messages import STATUS


def _shown(resource_id):
    user = tk.current_user.name if tk.current_user.is_authenticated else ""
    action = tk.get_action("govopen_scan_show")
    try:
        return action({"user": user}, {"id": resource_id})
    except tk.NotAuthorized:
        if not is_reviewer(user):
            return None
        return action({"user": user, "ignore_auth": True}, {"id": resource_id})


def _finding(item):
    return {key: item.get(key) for key in
            ("table", "column", "entity", "label_zh", "label_en", "count", "rows",
             "share", "confidence", "level", "sources")} | {
        "examples": list(item.get("examples") or [])}


def govopen_scan_view(resource_id):
    """``{"status", "status_label": {zh, en}, "has_pii", "findings": [...], "errors": [{zh, en}],
    "checked"}`` for the current user, or None (not allowed, no file, no such resource)."""
    if not resource_id:
        return None
    try:
        shown = _shown(resource_id)
    except (tk.ObjectNotFound, tk.ValidationError):
        return None
    if shown is None or shown["status"] == "no_content":
        return None
    result = shown.get("result") or {}
    report = result.get("findings") or {}
    error = result.get("error")
    if isinstance(error, str):      # plain text: the same in both languages
        error = both(error)
    errors = [error] if error else [m for m in report.get("messages") or [] if m.get("level") == "error"]
    status = shown["status"]
    return {"status": status,
            "status_label": both(STATUS[status]() if status in STATUS else status),
            "has_pii": bool(result.get("has_pii")),
            "findings": [_finding(f) for f in report.get("findings") or []],
            "errors": [both(e) for e in errors],
            "checked": result.get("checked")}
