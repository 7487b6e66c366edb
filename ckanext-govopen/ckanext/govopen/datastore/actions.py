"""The Data API in the Action API: the DataStore's own actions chained
(``access``), and ``govopen_datastore_status``: a table's load state for its
department (loaded / error with the zh/en reason / dropped, rows, when)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import both, joined, render

from . import access, messages, store


@tk.side_effect_free
def datastore_status(context, data_dict):
    """The load state of a resource's table in the Data API.

    :param id: the resource id
    :returns: ``{resource_id, datastore_active, status, rows, full_text, error, updated}``;
        ``status`` is ``loaded``, ``error``, ``dropped`` or ``none`` (never loaded);
        ``error`` (or null): ``{zh, en, message, code}``, put into words now (``message``:
        the reader's language), whatever language the load ran in; ``full_text``
        false while a loaded table's full-text search is being prepared (``store.load``)
    """
    rid = tk.get_or_bust(data_dict, "id")
    tk.check_access("govopen_datastore_status", context, data_dict)
    resource = model.Resource.get(rid)
    found = store.state(rid) or {}
    return {"resource_id": rid, "datastore_active": bool((resource.extras or {}).get("datastore_active")),
            "status": found.get("status") or "none", "rows": found.get("rows") or 0,
            "full_text": found.get("full_text", True) is not False,
            "error": _words(found.get("error")), "updated": found.get("updated")}


def _words(stored):
    if not stored:
        return None
    return dict(both(stored), message=render(stored), code=stored.get("code"))


def datastore_status_auth(context, data_dict):
    """The department's editors and admins, and sysadmins (errors may quote the file)."""
    resource = model.Resource.get(data_dict.get("id") or "")
    if resource is None:
        return {"success": False}
    try:
        tk.check_access("package_update", context, {"id": resource.package_id})
    except tk.NotAuthorized:
        return {"success": False, "msg": joined(messages.message("status_refused"))}
    return {"success": True}
