"""Who is a reviewer: sysadmins, and members of the group named by ``govopen.reviewer_group``.

Reviewers (the data management office) approve exceptions (personal
information the scanner flagged, security markings) and downgrades of a
dataset's classification; department editors set classification but cannot
lower it on their own.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

CONFIG_KEY = "govopen.reviewer_group"


def is_reviewer(user) -> bool:
    """``user`` is a name, id or ``model.User``; unknown or anonymous users are not reviewers."""
    if isinstance(user, model.User):
        obj = user
    elif isinstance(user, str) and user:
        obj = model.User.get(user)
    else:
        return False
    if obj is None or obj.state != "active":
        return False
    if obj.sysadmin:
        return True
    group_name = tk.config.get(CONFIG_KEY)
    if not group_name:
        return False
    group = model.Group.get(group_name)
    if group is None or group.state != "active":
        return False
    member = model.Session.query(model.Member).filter(
        model.Member.group_id == group.id, model.Member.table_name == "user",
        model.Member.table_id == obj.id, model.Member.state == "active").first()
    return member is not None


def auth_reviewers_only(context, data_dict=None):
    """Auth function: reviewers only."""
    if is_reviewer(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only reviewers (the data management office) may do this.")}
