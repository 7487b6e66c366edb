"""A harvest source's datasets on its page and in the sources list, counted as
their reader may see them.

ckanext-harvest's source page lists and counts a source's datasets by
``package_search`` on ``harvest_source_id``, which its own indexer adds from
its HarvestObject rows. govopen's harvest job (``job.py``) writes no such
rows: its record table (``model.record``) says which source a dataset came
from. So every govopen source page read "数据集 0" above an empty list, also
for public datasets.

- ``index_fields`` (index hook): ``harvest_source_id`` as ``show.show_harvest``
  shows it (from that row, which it reads anyway: the shown dataset is the
  index's ``validated_data_dict``; CKAN indexes its top-level fields from the
  default-schema dict, which drops the key).
- ``package_count_for_source`` and ``package_list_for_source`` (chained onto
  ckanext-harvest's helpers): the same search with the reader's private
  datasets included, so a department's officers count and see the datasets
  the gate still holds (private until their checks allow: ``publish.py``) and
  an anonymous visitor the public ones, each by ``package_search``'s own
  access rules (permission labels).
- ``harvest_source_show_status`` (chained): its ``total_datasets`` (the sources
  list's "数据集: N") is the same search as an anonymous visitor, whoever asks
  (ckanext-harvest counts public datasets only too): the status is also written
  into the source's search document, which anyone reads.
"""
from __future__ import annotations

import json
from typing import Callable

import ckan.plugins.toolkit as tk
from ckan.lib.helpers import Page
from ckan.lib.search.query import solr_literal

from .show import SOURCE as FIELD


def index_fields(pkg_dict) -> dict:
    try:
        shown = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except ValueError:
        return {}
    return {FIELD: shown[FIELD]} if shown.get(FIELD) else {}


def _search(source_id: str, context: dict | None = None, **params) -> dict:
    """The source's datasets the reader (``context``'s user; by default the
    request's) may see, private ones included where they may."""
    return tk.get_action("package_search")(dict(context or {}), {
        "fq": "+%s:%s" % (FIELD, solr_literal(source_id)), "include_private": True, **params})


@tk.chained_helper
def package_count_for_source(next_helper: Callable, source_id: str) -> int:
    return _search(source_id, rows=0).get("count", 0)


LIST_SIZE = 20


@tk.chained_helper
def package_list_for_source(next_helper: Callable, source_id: str):
    """ckanext-harvest's list (its snippets and pager), the reader's private datasets included."""
    h = tk.h
    try:
        page = max(int(tk.request.args.get("page", 1)), 1)
    except ValueError:
        page = 1
    query = _search(source_id, rows=LIST_SIZE, start=(page - 1) * LIST_SIZE, sort="metadata_modified desc")
    if not query["results"]:
        return h.snippet("snippets/package_list_empty.html")
    base_url = h.url_for("harvest.read", id=source_id)
    pager = Page(collection=query["results"], page=page, item_count=query["count"],
                   items_per_page=LIST_SIZE, url=lambda q=None, page=None: base_url + ("?page=%d" % page if page else ""))
    pager.items = query["results"]
    return h.snippet("snippets/package_list.html", packages=query["results"]) + pager.pager()


@tk.chained_action
def harvest_source_show_status(original, context, data_dict):
    status = original(context, data_dict)
    from ckanext.harvest.model import HarvestSource
    source = HarvestSource.get(data_dict.get("id"))
    if isinstance(status, dict) and source is not None:
        # as an anonymous visitor sees them: user "" gets the anonymous permission labels
        # (never ignore_auth here: package_search then drops the labels and counts all)
        status["total_datasets"] = _search(source.id, {"user": ""}, rows=0).get("count", 0)
    return status


harvest_source_show_status.side_effect_free = True
