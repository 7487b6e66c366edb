"""Template helpers of the showcase (registered by ``showcase/feature.py``)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import render
from ckanext.govopen.verdict import read as verdict_read

from . import messages


def context() -> dict:
    """The current visitor as an action context (anonymous: no user)."""
    user = tk.current_user if tk.current_user and tk.current_user.is_authenticated else None
    return {"user": user.name if user else "", "auth_user_obj": user}


def govopen_showcases_for(pkg, limit=6):
    """The approved items that use a dataset, for its page: only on a dataset
    anyone may see named with them (public, unconditionally open); None otherwise."""
    if not pkg or pkg.get("private") or verdict_read.open_type(pkg) != "unconditional":
        return None
    try:
        return tk.get_action("govopen_showcase_list")(context(), {"package_id": pkg["id"], "limit": limit})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def govopen_showcase_kind(kind) -> str:
    label = messages.KIND_LABELS.get(kind)
    return render(label()) if label else str(kind)


def govopen_showcase_status(status) -> str:
    label = messages.STATUS_LABELS.get(status)
    return render(label()) if label else str(status)


def govopen_showcase_kinds() -> list:
    """``[(kind, words)]`` in their order, for the form and the gallery filter."""
    return [(kind, render(label())) for kind, label in messages.KIND_LABELS.items()]


def govopen_showcase_message(message) -> str:
    return render(message) if message else ""
