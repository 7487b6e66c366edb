"""Activity streams, tag and member listings: the other doors to datasets.

An activity carries a whole copy of the dataset as it was (resources and
their URLs included), and stays listed after the dataset is deleted or made
private; CKAN checks neither at read time. ``member_list`` names every
dataset of an organization or group, private ones included, and
``tag_show`` returns whole datasets. These chained reads drop what the caller
may not see and blank the files of restricted datasets.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import grants, policy


class _Visibility:
    """Per-call memo: may the caller see dataset X, and its files?"""

    def __init__(self, context):
        self.context = context
        self.seen = {}

    def dataset(self, package_id):
        if package_id not in self.seen:
            self.seen[package_id] = self._load(package_id)
        return self.seen[package_id]

    def _load(self, package_id):
        pkg = model.Package.get(package_id) if package_id else None
        if pkg is None:
            return None
        try:
            tk.check_access("package_show", {"user": self.context.get("user"),
                                             "auth_user_obj": self.context.get("auth_user_obj"),
                                             "ignore_auth": self.context.get("ignore_auth")},
                            {"id": pkg.id})
        except tk.NotAuthorized:
            return None
        if pkg.state != "active" and not self.context.get("ignore_auth"):
            # deleted (or draft) datasets: only those who may edit them
            try:
                tk.check_access("package_update", {"user": self.context.get("user")}, {"id": pkg.id})
            except tk.NotAuthorized:
                return None
        return tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg.id})

    def strip(self, current, shown):
        """Blank the files in ``shown`` (a copy of a dataset) unless the caller has access."""
        if isinstance(shown, dict) and not (
                grants.has_file_access(self.context, current)
                and grants.has_file_access(self.context, dict(shown, owner_org=current.get("owner_org"),
                                                              id=current.get("id")))):
            policy.strip_dataset(shown)


def _is_package_activity(activity):
    """Activities about a dataset or its parts ("changed package", "new
    resource view", ...): their object is a dataset."""
    kind = activity.get("activity_type") or ""
    if "package" in kind:
        return True
    if any(word in kind for word in ("resource", "view")):
        return model.Package.get(activity.get("object_id") or "") is not None
    return False


def _strip_locations(value):
    """Blank every location field, at any depth (a resource, a resource view
    and its ``config``)."""
    if isinstance(value, dict):
        for key in list(value):
            if policy.is_location_key(key) and isinstance(value[key], str):
                value[key] = ""
            else:
                _strip_locations(value[key])
    elif isinstance(value, list):
        for item in value:
            _strip_locations(item)


def filter_activities(context, activities):
    seen = _Visibility(context)
    kept = []
    for activity in activities or []:
        if not isinstance(activity, dict):
            continue
        if _is_package_activity(activity):
            current = seen.dataset(activity.get("object_id"))
            if current is None:
                continue
            data = activity.get("data") or {}
            seen.strip(current, data.get("package"))
            if not grants.has_file_access(context, current):
                # the rest of the data: a resource view ("new resource view"
                # carries the view itself, its config holding image_url...)
                _strip_locations({k: v for k, v in data.items() if k != "package"})
        kept.append(activity)
    return kept


def _stream(name):
    @tk.side_effect_free
    @tk.chained_action
    def chained(original, context, data_dict):
        return filter_activities(context, original(context, data_dict))
    chained.__name__ = name
    return chained


package_activity_list = _stream("package_activity_list")
organization_activity_list = _stream("organization_activity_list")
group_activity_list = _stream("group_activity_list")
user_activity_list = _stream("user_activity_list")
dashboard_activity_list = _stream("dashboard_activity_list")
recently_changed_packages_activity_list = _stream("recently_changed_packages_activity_list")


@tk.side_effect_free
@tk.chained_action
def activity_show(original, context, data_dict):
    # CKAN's activity_show auth reads data_dict["include_data"] (a KeyError, 500, when a
    # caller leaves it out); the action always returns the data, so say so
    data_dict = dict(data_dict or {}, include_data=tk.asbool((data_dict or {}).get("include_data", True)))
    activity = _quiet_refusal(lambda: original(context, data_dict))
    if not filter_activities(context, [activity]):
        raise tk.ObjectNotFound()
    return activity


def _activity_package(context, activity_id):
    from ckanext.activity.model import Activity
    activity = model.Session.get(Activity, activity_id)
    if activity is None or "package" not in (activity.activity_type or ""):
        return None, False
    current = _Visibility(context).dataset(activity.object_id)
    return current, True


def _quiet_refusal(call):
    """CKAN's refusal of an activity names the dataset's id (its package_show
    auth message): refuse in words that name nothing."""
    try:
        return call()
    except tk.NotAuthorized:
        raise tk.NotAuthorized("无权查看该动态 / Unauthorized to view activity data")


@tk.side_effect_free
@tk.chained_action
def activity_data_show(original, context, data_dict):
    data = _quiet_refusal(lambda: original(context, data_dict))
    current, is_package = _activity_package(context, data_dict.get("id"))
    if is_package:
        if current is None:
            raise tk.ObjectNotFound()
        shown = data.get("package") if isinstance(data, dict) and "package" in data else data
        _Visibility(context).strip(current, shown)
    return data


@tk.side_effect_free
@tk.chained_action
def activity_diff(original, context, data_dict):
    out = _quiet_refusal(lambda: original(context, data_dict))
    current, is_package = _activity_package(context, data_dict.get("id"))
    if is_package:
        if current is None:
            raise tk.ObjectNotFound()
        if not grants.has_file_access(context, current):
            for activity in out.get("activities") or []:
                policy.strip_dataset((activity.get("data") or {}).get("package") or {})
            out["diff"] = ""
    return out


@tk.side_effect_free
@tk.chained_action
def member_list(original, context, data_dict):
    seen = _Visibility(context)
    return [m for m in original(context, data_dict)
            if not (isinstance(m, (list, tuple)) and len(m) > 1 and m[1] == "package")
            or seen.dataset(m[0]) is not None]


@tk.side_effect_free
@tk.chained_action
def tag_show(original, context, data_dict):
    tag = original(context, data_dict)
    seen = _Visibility(context)
    if isinstance(tag, dict) and tag.get("packages"):
        kept = []
        for pkg in tag["packages"]:
            current = seen.dataset(pkg.get("id"))
            if current is not None:
                seen.strip(current, pkg)
                kept.append(pkg)
        tag["packages"] = kept
    return tag


_ACTIVITY = {

    "package_activity_list": package_activity_list,
    "organization_activity_list": organization_activity_list,
    "group_activity_list": group_activity_list,
    "user_activity_list": user_activity_list,
    "dashboard_activity_list": dashboard_activity_list,
    "recently_changed_packages_activity_list": recently_changed_packages_activity_list,
    "activity_show": activity_show,
    "activity_data_show": activity_data_show,
    "activity_diff": activity_diff,
}
_CORE = {
    "member_list": member_list,
    "tag_show": tag_show,
}


def chained_actions() -> dict:
    """name -> chained action, for access/feature.py (the activity ones only
    when the activity plugin is loaded: a chain needs something to chain to)."""
    import ckan.plugins as plugins
    found = dict(_CORE)
    if plugins.plugin_loaded("activity"):
        found.update(_ACTIVITY)
    return found


@tk.chained_auth_function
def package_collaborator_list_auth(next_auth, context, data_dict):
    """CKAN's auth asserts a logged-in user and an existing dataset (an
    AssertionError, 500, for the anonymous visitor): refuse them plainly."""
    import ckan.model as model
    if not context.get("user") or model.Package.get((data_dict or {}).get("id") or "") is None:
        return {"success": False, "msg": "无权查看 / Not authorized to see this"}
    return next_auth(context, data_dict)


def chained_auth_functions() -> dict:
    """The same names, CKAN's own auth unchanged (for access/feature.py)."""
    from .hiding import unchanged_auth
    return {**{name: unchanged_auth for name in chained_actions()},
            "package_collaborator_list": package_collaborator_list_auth}


def _documented():
    import ckan.logic.action.get as core
    from .hiding import NOTE
    for name, fn in _CORE.items():
        fn.__dict__["__doc__"] = (getattr(core, name).__doc__ or "") + NOTE
    try:
        from ckanext.activity.logic import action as activity_actions
    except ImportError:
        return
    for name, fn in _ACTIVITY.items():
        fn.__dict__["__doc__"] = (getattr(activity_actions, name).__doc__ or "") + NOTE


_documented()
