"""``govopen_open_data_figures``: the dashboard's figures through the Action API.

What the public may know (decided here, enforced for every caller):

- every figure is a count, a rate or an average, and is public, including
  counts that cover private datasets (how many datasets a department has
  catalogued, how many the gates hold): the number says nothing about what is
  in them;
- dataset names and titles (the ``items`` of one department: which datasets
  are held by a gate or overdue) only for datasets the caller may see
  (``package_show`` auth): the public sees the public ones, a department's
  members and sysadmins also its private ones; ``items.hidden`` says how many
  datasets were left out.
"""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from . import cache


def _organization(value):
    org = model.Group.get(value) if isinstance(value, str) and value.strip() else None
    if org is None or not org.is_organization or org.state != "active":
        raise tk.ObjectNotFound(
            f"找不到部门“{value}”（参数 id）。 / Department '{value}' (parameter id) was not found.")
    return org


def may_see(context, package_id: str) -> bool:
    try:
        tk.check_access("package_show", dict(context), {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _sees_all_private(context, org_id: str) -> bool:
    """Does the caller see every private dataset of the department (a member,
    a sysadmin, an internal call)? One check instead of one per dataset."""
    if context.get("ignore_auth"):
        return True
    user = context.get("user")
    return bool(user) and (authz.is_sysadmin(user)
                           or authz.has_user_permission_for_group_or_org(org_id, user, "read"))


def visible_items(context, items: dict, org_id: str) -> dict:
    """The held and overdue lists without the datasets the caller may not see.

    The anonymous visitor never sees a private dataset (CKAN's package_show
    auth needs a user for one); a member of the department sees all of them;
    anyone else is asked per dataset (collaborators may see single ones).
    """
    everything = _sees_all_private(context, org_id)
    anonymous = not context.get("user") and not everything
    out, hidden, decided = {}, set(), {}
    for kind in ("held", "overdue"):
        out[kind] = []
        for item in items.get(kind) or []:
            if item["id"] not in decided:
                decided[item["id"]] = (not item["private"] or everything
                                       or (not anonymous and may_see(context, item["id"])))
            if decided[item["id"]]:
                out[kind].append(item)
            else:
                hidden.add(item["id"])
    out["hidden"] = len(hidden)
    return out


@tk.side_effect_free
def open_data_figures(context, data_dict):
    """Open-data figures of one department, or of all of them ranked.

    :param id: a department (organization) id or name; omitted: every
        department, ranked, and ``all`` (the figures of all together)
    :returns: one department: ``{organization, catalogued, open, open_rate,
        tables, table_pass_rate, scheduled, overdue, on_time_rate,
        quality_average, held, held_by_gate, ready, items, ...}``;
        all: ``{departments: [... with rank], all: {...}, gates, generated,
        federation}``, ``federation`` the same datasets rolled up by the city
        catalog they were harvested from and by department across cities
        (``{catalogs, departments, federated}``, counts only:
        ``ckanext.govopen.dashboard.rollup``).
        Definitions: ``ckanext.govopen.dashboard.figures``; kept between
        requests: ``ckanext.govopen.dashboard.facts`` and ``.cache``.
    """
    tk.check_access("govopen_open_data_figures", context, data_dict)
    if data_dict.get("id") not in (None, ""):
        result = cache.department(_organization(data_dict["id"]))
        result["items"] = visible_items(context, result["items"], result["organization"]["id"])
        return result
    return cache.overview()


@tk.auth_allow_anonymous_access
def open_data_figures_auth(context, data_dict):
    """Anyone: the figures are public; names of private datasets are filtered
    in the action by ``package_show`` auth."""
    return {"success": True}
