"""Template helper: the stored report of a resource, for its page."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def govopen_validation_report(resource_id):
    """``govopen_validation_show`` for the current user, or None (no report,
    not a table, or not allowed)."""
    try:
        return tk.get_action("govopen_validation_show")(
            {"user": tk.current_user.name if tk.current_user.is_authenticated else ""},
            {"id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None
