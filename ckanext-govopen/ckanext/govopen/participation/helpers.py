"""Template helpers of participation (registered by ``participation/feature.py``)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.access import grants
from ckanext.govopen.participation import common


def context() -> dict:
    """The current visitor as an action context (anonymous: no user)."""
    user = tk.current_user if tk.current_user and tk.current_user.is_authenticated else None
    return {"user": user.name if user else "", "auth_user_obj": user}


def govopen_participation_view(pkg):
    """``{"rating", "feedback", "may_moderate"}`` for a public dataset's page, or
    None (a private dataset takes no public participation)."""
    if not pkg or pkg.get("private"):
        return None
    ctx = context()
    try:
        rating = tk.get_action("govopen_rating_show")(dict(ctx), {"package_id": pkg["id"]})
        feedback = tk.get_action("govopen_feedback_list")(dict(ctx), {"package_id": pkg["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    return {"rating": rating, "feedback": feedback,
            "may_moderate": grants.may_decide(ctx, pkg)}


def govopen_department_open_requests(org_id, limit=20):
    """The open data requests addressed to a department, for its officers'
    dashboard (contact details included); ``None`` for anyone else."""
    ctx = context()
    if not org_id or not common.may_moderate_org(ctx, org_id):
        return None
    try:
        return tk.get_action("govopen_data_request_list")(
            dict(ctx), {"org_id": org_id, "status": "open", "officer": True, "limit": limit})
    except (tk.NotAuthorized, tk.ValidationError):
        return None


def govopen_unassigned_open_requests(limit=20):
    """Open data requests that name no department, for sysadmins (who hand
    them on); ``None`` for anyone else."""
    ctx = context()
    user = ctx["auth_user_obj"]
    if user is None or not user.sysadmin:
        return None
    return tk.get_action("govopen_data_request_list")(
        dict(ctx), {"status": "open", "officer": True, "unassigned": True, "limit": limit})


def govopen_stars(average) -> str:
    """``★★★★☆`` for an average (rounded to the nearest whole star)."""
    if average is None:
        return "☆☆☆☆☆"
    full = int(round(float(average)))
    return "★" * full + "☆" * (5 - full)
