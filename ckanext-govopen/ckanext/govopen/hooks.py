"""Extension points the plugin dispatches to, so each concept plugs in with
one line here instead of another ``implements`` in plugin.py.

Each entry is "module:function"; entries run in list order.
"""
from __future__ import annotations

import importlib

#: function(pkg_dict) -> dict of extra Solr fields (facets, badges, sorting).
INDEX_HOOKS: list = [
    "ckanext.govopen.verdict.hooks:index_fields",
    "ckanext.govopen.logic.quality:index_quality",
    "ckanext.govopen.access.hiding:index_fields",
    "ckanext.govopen.validation.actions:index_fields",
    "ckanext.govopen.logic.index_limits:index_fields",    # over-long one-term values cut
]

#: function(context, pkg_dict) -> None; may remove what the caller must not see.
SHOW_HOOKS: list = [
    # first: every later hook (quality, access) reads the verdict
    "ckanext.govopen.verdict.hooks:show_verdict",
    "ckanext.govopen.logic.quality:show_quality",
    "ckanext.govopen.validation.actions:show_statuses",
    "ckanext.govopen.access.hiding:strip_shown",
    "ckanext.govopen.access.locations:show_locations",
    "ckanext.govopen.harvest.show:show_harvest",
]

#: function(search_results, search_params) -> None; same, for package_search.
SEARCH_HOOKS: list = [
    "ckanext.govopen.facets:label_search",
]

#: function(context, pkg_dict) -> None; after package_create/package_update,
#: before CKAN commits (so rows written in model.Session commit with the dataset).
#: After a create, ``context[CREATED]`` is true (nothing was committed before it).
AFTER_WRITE_HOOKS: list = [
    "ckanext.govopen.verdict.hooks:store_written",
    "ckanext.govopen.classification.guard:audit_write",
]

CREATED = "govopen.created"

#: function(package_id, verdict dict) -> None; wherever a verdict is stored (a
#: dataset write, before CKAN commits; a refresh, before it commits).
VERDICT_HOOKS: list = [
    "ckanext.govopen.datastore.sync:verdict_stored",     # not open: out of the Data API
]

#: function(flask_app) -> flask_app; the Flask app's own guards (IMiddleware),
#: in order, before any view runs.
MIDDLEWARE: list = [
    "ckanext.govopen.web.csrf:install",
    "ckanext.govopen.web.request_guard:install",
    "ckanext.govopen.web.errors:install",
]

#: function() -> flask Blueprint (or a list of them).
BLUEPRINTS: list = [
    "ckanext.govopen.apidocs.views:get_blueprint",
    "ckanext.govopen.dcat.blueprint:get_blueprint",
    "ckanext.govopen.access.downloads:get_blueprint",
    "ckanext.govopen.access.locations:get_blueprint",
    "ckanext.govopen.validation.datapackage:get_blueprint",
    "ckanext.govopen.access.views:get_blueprint",
    "ckanext.govopen.classification.views:get_blueprint",
    "ckanext.govopen.participation.views:get_blueprint",
    "ckanext.govopen.dashboard.views:get_blueprint",
]


def load(path):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def run(hooks, *args):
    return [load(path)(*args) for path in hooks]
