"""Extension points the plugin dispatches to, so each concept plugs in with
one line here instead of another ``implements`` in plugin.py.

Each entry is "module:function"; entries run in list order.
"""
from __future__ import annotations

import importlib

#: function(pkg_dict) -> dict of extra Solr fields (facets, badges, sorting).
INDEX_HOOKS: list = [
]

#: function(context, pkg_dict) -> None; may remove what the caller must not see.
SHOW_HOOKS: list = [
]

#: function(search_results, search_params) -> None; same, for package_search.
SEARCH_HOOKS: list = [
]

#: function() -> flask Blueprint (or a list of them).
BLUEPRINTS: list = [
    "ckanext.govopen.dcat.blueprint:get_blueprint",
]


def load(path):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def run(hooks, *args):
    return [load(path)(*args) for path in hooks]
