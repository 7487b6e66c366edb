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

import ckan.plugins.toolkit as tk
from ckan.lib import datapreview


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
