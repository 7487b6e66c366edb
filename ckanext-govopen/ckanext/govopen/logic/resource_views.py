"""CKAN's default resource views, without a query for resources no view can show.

``package_create``/``package_update`` call
``package_create_default_resource_views``, which for every resource first
lists its existing views (a query) and only then asks each default view
plugin whether it can show the resource. Most harvested resources are links
to CSV, PDF or web pages that none of the default views shows, so that
query is wasted, once per resource of every harvested dataset. This chained
action hands CKAN only the resources some default view plugin can show; for
those, CKAN does exactly what it did. The default view plugins decide on the
resource itself (its format and URL), so the shorter list changes nothing.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import datapreview

from ckanext.govopen import gate
from ckanext.govopen.common import current_lang
from ckanext.govopen.gate.checks import metadata_privacy


@tk.chained_action
def package_create_default_resource_views(original, context, data_dict):
    dataset = data_dict.get("package")
    if not isinstance(dataset, dict) or not dataset.get("resources"):
        return original(context, data_dict)
    plugins = datapreview.get_default_view_plugins(tk.asbool(data_dict.get("create_datastore_views", False)))
    viewable = [res for res in dataset["resources"]
                if any(p.can_view({"resource": res, "package": dataset}) for p in plugins)]
    if len(viewable) == len(dataset["resources"]):
        return original(context, data_dict)
    return original(context, dict(data_dict, package=dict(dataset, resources=viewable)))


@tk.chained_auth_function
def package_create_default_resource_views_auth(next_auth, context, data_dict):
    """Who may create default views is unchanged: CKAN's own auth decides."""
    return next_auth(context, data_dict)


# --- the text of a view is metadata too --------------------------------------------------------

def _refuse_personal_view_text(context, data_dict, resource_id, replaced_view_id=None):
    """A view's title, description and settings are shown on the public resource page: on a
    public dataset they may hold no personal data (the gate check ``metadata_privacy``; the
    publication gate also reads the stored views when a dataset is made public)."""
    resource = model.Resource.get(resource_id) if resource_id else None
    if resource is None or resource.package is None:
        return                                   # CKAN's own action answers "not found"
    dataset = tk.get_action("package_show")({"ignore_auth": True, "user": context.get("user")},
                                            {"id": resource.package_id})
    if not gate.wants_public(dataset):
        return
    dataset = metadata_privacy.with_views(dataset, skip_view=replaced_view_id)
    new = metadata_privacy.view_text(data_dict.get("title"), data_dict.get("description"),
                                     {k: v for k, v in data_dict.items()
                                      if k not in ("id", "resource_id", "title", "description", "view_type",
                                                   "package_id")})
    resources = []
    for res in dataset.get("resources") or []:
        if res.get("id") == resource_id:
            res = dict(res, views=(res.get("views") or []) + [new])
        resources.append(res)
    found = list(metadata_privacy.check(dict(dataset, resources=resources)))
    if found:
        lang = current_lang()
        raise tk.ValidationError({"description" if "description" in data_dict else "title":
                                  [b.text(lang) for b in found]})


def _locations_apart(context, view: dict) -> None:
    """A restricted dataset's view keeps no location of its own in CKAN's row
    (``access.locations``): moved now, and committed as the action committed
    (an action run with ``defer_commit`` leaves that to its caller)."""
    import ckan.model as model

    from ckanext.govopen.access import locations, policy
    from ckanext.govopen.verdict import read

    if not any(policy.is_location_key(k) and isinstance(v, str) and v.strip()
               and not locations.is_route(v, view.get("resource_id")) for k, v in (view or {}).items()):
        return                 # no location of its own (CKAN's default views): nothing to move
    resource = model.Resource.get(view.get("resource_id") or "")
    if resource is None or resource.package is None:
        return
    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": resource.package_id})
    if read.open_type(dataset) != "unconditional" and locations.relocate(resource.package) \
            and not context.get("defer_commit"):
        model.Session.commit()


@tk.chained_action
def resource_view_create(original, context, data_dict):
    _refuse_personal_view_text(context, data_dict, data_dict.get("resource_id"))
    view = original(context, data_dict)
    _locations_apart(context, view)
    return view


@tk.chained_action
def resource_view_update(original, context, data_dict):
    view = model.ResourceView.get(data_dict.get("id") or "")
    if view is not None:
        _refuse_personal_view_text(context, data_dict, view.resource_id, view.id)
    shown = original(context, data_dict)
    _locations_apart(context, shown)
    return shown


@tk.chained_auth_function
def resource_view_text_auth(next_auth, context, data_dict):
    """Who may create or change views is unchanged: CKAN's own auth decides."""
    return next_auth(context, data_dict)
