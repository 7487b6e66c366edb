"""The audit log page for reviewers (/govopen/audit): who, when, before, after, reason.

Reads through ``govopen_audit_list`` so the page and the API share one rule
(reviewers only); everyone else gets 403.
"""
from __future__ import annotations

import json

from flask import Blueprint

import ckan.plugins.toolkit as tk

blueprint = Blueprint("govopen_audit", __name__)

PAGE_SIZE = 100


def _show(value):
    """A before/after value as short readable text (JSON for dicts and lists)."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@blueprint.route("/govopen/audit")
def audit():
    user = tk.current_user.name if tk.current_user.is_authenticated else ""
    args = tk.request.args
    try:
        page = max(int(args.get("page", 1)), 1)
    except ValueError:
        return tk.abort(400, "page 必须是正整数 / page must be a positive integer")
    query = {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    for key in ("id", "action"):
        if args.get(key):
            query[key] = args[key]
    try:
        entries = tk.get_action("govopen_audit_list")({"user": user}, query)
    except tk.NotAuthorized:
        return tk.abort(403, "只有审核人员可以查看审计日志。 / Only reviewers may read the audit log.")
    except tk.ValidationError as e:
        return tk.abort(400, str(e.error_dict))
    for item in entries:
        item["before_text"] = _show(item.get("before"))
        item["after_text"] = _show(item.get("after"))
    return tk.render("govopen/audit.html", {"entries": entries, "page": page,
                                             "page_size": PAGE_SIZE, "filters": query})


def get_blueprint():
    return blueprint
