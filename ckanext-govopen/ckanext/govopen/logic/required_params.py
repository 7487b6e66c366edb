"""Parameters some of CKAN's and ckanext-harvest's write actions read with
``data_dict[key]`` (or ``assert``) before checking anything: called without
them, by anyone, anonymous included, they answered HTTP 500 (KeyError,
AssertionError). Here they answer a zh/en 409 that names what is missing, or
404 for a group that does not exist, before the action runs.

One table, ``REQUIRED``: action name -> the parameters it cannot do without.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import N_, declare, joined

REQUIRED = {
    "group_member_create": ("id", "username", "role"),
    "organization_member_create": ("id", "username", "role"),
    "group_member_delete": ("id", "username"),
    "organization_member_delete": ("id", "username"),
    "user_invite": ("group_id", "email", "role"),
    "harvest_job_create": ("source_id",),
    "harvest_source_clear": ("id",),
    "harvest_source_delete": ("id",),
    "harvest_source_index_clear": ("id",),
    "harvest_source_job_history_clear": ("id",),
    "task_status_update_many": ("data",),
    "resource_view_update": ("id", "resource_id"),   # its auth reads resource_id
    "datastore_run_triggers": ("resource_id",),      # reads it before its auth
}

#: the action's ``id`` names a group or organization, which it asserts exists
GROUP_ID = ("group_member_delete", "organization_member_delete")

MISSING = declare("logic.missing_parameter", N_("The parameter '{name}' is required."))
NO_GROUP = declare("logic.no_group", N_("Organization or group not found."))


def _check(name, keys, data_dict):
    missing = [k for k in keys if data_dict.get(k) in (None, "")]
    if missing:
        raise tk.ValidationError({k: [joined(MISSING(name=k))] for k in missing})
    if name in GROUP_ID and model.Group.get(str(data_dict["id"])) is None:
        raise tk.ObjectNotFound(joined(NO_GROUP()))


def _guarded(name: str, keys: tuple, own=None):
    """A chained action that checks first, then runs govopen's own chained
    action of the name (``own``) if there is one, else the original."""
    def action(original, context, data_dict):
        data_dict = data_dict if isinstance(data_dict, dict) else {}
        _check(name, keys, data_dict)
        if own is not None:
            return own(original, context, data_dict)
        return original(context, data_dict)
    action.__name__ = name
    return tk.chained_action(action)


def wrap(actions: dict) -> dict:
    """``actions`` with a check in front of every action of ``REQUIRED``: govopen's
    own chained one if it has one, else a chained one of its own."""
    found = dict(actions)
    for name, keys in REQUIRED.items():
        found[name] = _guarded(name, keys, found.get(name))
    return found
