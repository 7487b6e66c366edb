"""Who may have a restricted dataset's files.

The department's own members (any capacity) and sysadmins always; a user with
an approved access request for that dataset; internal calls that skip auth
(``ignore_auth``: jobs, the harvester) and CKAN's read-modify-write
(``for_update``), so that nothing is ever written back without its URLs.
Everyone else, the anonymous visitor first, gets the metadata only.
"""
from __future__ import annotations

import sqlalchemy as sa

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from . import model as access_model
from . import policy

#: Per-context memo: (user id) -> (is sysadmin, org ids, approved package ids).
_MEMO = "govopen_access_memo"


def acting_user(context):
    """The acting user object, or None for the anonymous visitor."""
    obj = context.get("auth_user_obj")
    if obj is not None and getattr(obj, "id", None) and not getattr(obj, "is_anonymous", False):
        return obj
    name = context.get("user")
    return model.User.get(name) if name else None


def approved_package_ids(user_id: str) -> set:
    rows = model.Session.execute(
        sa.select(access_model.access_request.c.package_id).where(
            access_model.access_request.c.user_id == user_id,
            access_model.access_request.c.status == access_model.APPROVED))
    return {r[0] for r in rows}


def _member_org_ids(user_id: str) -> set:
    rows = (model.Session.query(model.Member.group_id)
            .filter(model.Member.table_name == "user",
                    model.Member.table_id == user_id,
                    model.Member.state == "active")
            .all())
    return {r[0] for r in rows}


def _facts(context):
    user = acting_user(context)
    if user is None:
        return None
    memo = context.get(_MEMO)
    if memo is None or memo[0] != user.id:
        memo = (user.id, bool(user.sysadmin), _member_org_ids(user.id),
                approved_package_ids(user.id))
        try:
            context[_MEMO] = memo
        except TypeError:
            pass
    return memo


def has_file_access(context, dataset: dict) -> bool:
    """May the caller in ``context`` see this dataset's files?"""
    if not policy.is_restricted(dataset):
        return True
    if context.get("ignore_auth") or context.get("for_update"):
        # internal reads, and CKAN's read-modify-write (patch, resource
        # create/update, reorder): the dict goes back into a write that has its
        # own auth, so it must keep its URLs or they would be erased.
        return True
    facts = _facts(context)
    if facts is None:
        return False
    _, sysadmin, orgs, approved = facts
    if sysadmin:
        return True
    if dataset.get("owner_org") and dataset["owner_org"] in orgs:
        return True
    return dataset.get("id") in approved


def may_see_content(context, resource_id) -> bool:
    """May the caller see what is IN this resource's file (its cells, hash,
    location), e.g. in a validation report? Exactly when they may have the
    dataset's files: the one rule, looked up from a resource id."""
    resource = model.Resource.get(resource_id) if resource_id else None
    if resource is None or resource.package_id is None:
        return False
    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": resource.package_id})
    return has_file_access(context, dataset)


def may_decide(context, dataset: dict) -> bool:
    """May the caller approve or deny requests for this dataset (its
    department's editors and admins, sysadmins)?"""
    user = acting_user(context)
    if user is None:
        return False
    if user.sysadmin:
        return True
    org = dataset.get("owner_org")
    return bool(org) and authz.has_user_permission_for_group_or_org(
        org, user.name, "update_dataset")
