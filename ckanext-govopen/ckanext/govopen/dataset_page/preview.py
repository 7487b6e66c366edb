"""The preview of a dataset's tables: the first rows the validation pass kept
(no DataStore needed), for readers who may have the files only. A
conditionally-open table shows nothing to anyone else, not even its header."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.access import grants
from ckanext.govopen.validation import status as vstatus


def table_previews(pkg, context) -> list:
    """``[{"resource": res, "labels": [...], "rows": [[...]], "total_rows", "sampled"}]``
    for each table whose current report kept a preview; ``[]`` for a reader
    without access to the files."""
    if not pkg or not grants.has_file_access(context, pkg):
        return []
    out = []
    for res, _state, row, _ in vstatus.resource_states(pkg):
        report = (row or {}).get("report") or {}
        rows = report.get("preview") or []
        if not rows or not grants.may_see_content(context, res.get("id")):
            continue
        out.append({"resource": res, "labels": report.get("labels") or [], "rows": rows,
                    "total_rows": report.get("rows"), "sampled": report.get("sampled")})
    return out


def govopen_table_previews(pkg):
    """Template helper: ``table_previews`` for the current visitor."""
    user = tk.current_user if tk.current_user and tk.current_user.is_authenticated else None
    return table_previews(pkg, {"user": user.name if user else "", "auth_user_obj": user})
