"""ckanext-harvest's source and job actions, with govopen's rules in front.

- A govopen source is checked (``sources.check``: no server path, no
  credential, only the roots and secrets its department may use) before
  ckanext-harvest sees it, which logs what it was given. Every write path
  reaches the same check: the Action API here, the web form (package_create /
  package_update of a ``harvest`` dataset) through ``check_entity``, which
  the govopen plugin calls before ckanext-harvest stores the source.
- ``harvest_job_create`` for a source that already has a new or running job,
  or is inactive, answers a zh/en ``ValidationError`` (HTTP 409), not a 500.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckanext.harvest.logic import HarvestJobExists, HarvestSourceInactiveError

from . import sources

HARVEST_TYPE = "harvest"


def _existing(context, source_id) -> dict:
    return tk.get_action("package_show")({"ignore_auth": True, "for_update": True},
                                         {"id": source_id})


@tk.chained_action
def harvest_source_create(original, context, data_dict):
    tk.check_access("harvest_source_create", dict(context), data_dict)
    sources.check(data_dict)
    return original(context, data_dict)


@tk.chained_action
def harvest_source_update(original, context, data_dict):
    source_id = tk.get_or_bust(data_dict, "id")
    tk.check_access("harvest_source_update", dict(context), data_dict)
    existing = _existing(context, source_id)
    sources.check(dict(data_dict, owner_org=data_dict.get("owner_org") or existing.get("owner_org"),
                       source_type=data_dict.get("source_type") or existing.get("source_type")))
    return original(context, data_dict)


@tk.chained_action
def harvest_source_patch(original, context, data_dict):
    source_id = tk.get_or_bust(data_dict, "id")
    tk.check_access("harvest_source_patch", context, {"id": source_id})
    existing = _existing(context, source_id)
    sources.check(dict(existing, **data_dict))
    return original(context, data_dict)


def check_entity(pkg) -> None:
    """IPackageController create/edit: a harvest source as package_create/update saved it."""
    if getattr(pkg, "type", None) != HARVEST_TYPE:
        return
    extras = pkg.extras or {}
    sources.check({"name": pkg.name, "url": pkg.url, "owner_org": pkg.owner_org,
                   "source_type": extras.get("source_type"), "config": extras.get("config")})


class JobBusy(tk.ValidationError, HarvestJobExists):
    """A 409 for the API; still ``HarvestJobExists`` for ckanext-harvest's scheduler and views."""

    def __init__(self):
        super().__init__({"source_id": [
            "该采集源已有一个等待或正在运行的采集任务，请等它结束后再试；未创建新任务。 / "
            "This source already has a harvest job waiting or running; try again when it has "
            "finished. No job was created."]})


class SourceInactive(tk.ValidationError, HarvestSourceInactiveError):
    def __init__(self):
        super().__init__({"source_id": [
            "该采集源已停用，不能创建采集任务。 / This harvest source is inactive; no job can be created."]})


@tk.chained_action
def harvest_job_create(original, context, data_dict):
    from ckanext.harvest.model import HarvestJob, HarvestSource

    tk.check_access("harvest_job_create", dict(context), data_dict)
    source_id = tk.get_or_bust(data_dict, "source_id")
    source = HarvestSource.get(source_id)
    if source is not None and not source.active:
        raise SourceInactive()
    if source is not None and HarvestJob.filter(source=source).filter(
            HarvestJob.status.in_(["New", "Running"])).count():
        raise JobBusy()
    try:
        return original(context, data_dict)
    except HarvestJobExists:
        raise JobBusy()
    except HarvestSourceInactiveError:
        raise SourceInactive()


#: ckanext-harvest registers these helper functions of its mail notices as API
#: actions; they take positional arguments, so any API call of them was a 500
#: (send_mail, by a sysadmin, would have sent a mail). ckanext-harvest calls
#: them directly, never through get_action.
NOT_ACTIONS = ("get_mail_extra_vars", "prepare_error_mail", "prepare_summary_mail",
               "send_error_email", "send_mail", "send_summary_email",
               "InactiveSource")   # an exception class its action module exports


def _not_an_action(name):
    @tk.chained_action
    def refused(original, context, data_dict):
        raise tk.ObjectNotFound(f"“{name}”不是接口操作 / '{name}' is not an API action")
    refused.__name__ = name
    return refused


def _no_one(context, data_dict):
    """Not an API action (see NOT_ACTIONS): nobody calls it through the API."""
    return {"success": False, "msg": "not an API action / 不是接口操作"}


def chained_actions() -> dict:
    """name -> chained action, for harvest/feature.py."""
    return {"harvest_source_create": harvest_source_create,
            "harvest_source_update": harvest_source_update,
            "harvest_source_patch": harvest_source_patch,
            "harvest_job_create": harvest_job_create,
            **{name: _not_an_action(name) for name in NOT_ACTIONS}}


def chained_auth_functions() -> dict:
    """The same names (for harvest/feature.py): ckanext-harvest's own auth unchanged where
    it has one; the patch and the mail helpers have none (see ``registries``), so
    theirs are plain auth functions."""
    found = {name: _unchanged for name in chained_actions()
             if name not in NOT_ACTIONS and name != "harvest_source_patch"}
    found.update({name: _no_one for name in NOT_ACTIONS})
    found["harvest_source_patch"] = harvest_source_patch_auth
    return found


def harvest_source_patch_auth(context, data_dict):
    """Who may update the source may patch it.

    ckanext-harvest has no auth function for its patch action, and the action
    checked nothing itself: CKAN's auth audit raised after package_patch had
    committed (HTTP 500 with the change saved)."""
    try:
        tk.check_access("harvest_source_update", dict(context), data_dict)
    except tk.NotAuthorized as e:
        return {"success": False, "msg": str(e)}
    return {"success": True}


@tk.chained_auth_function
def _unchanged(next_auth, context, data_dict):
    return next_auth(context, data_dict)
