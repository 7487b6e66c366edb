"""A harvest source's datasets on its page: indexed under the source, counted
as their reader may see them.

ckanext-harvest's source page lists and counts a source's datasets by
``package_search`` on ``harvest_source_id``, which its own indexer adds from
its HarvestObject rows. govopen's harvest job (``job.py``) writes no such
rows: its record table (``model.record``) says which source a dataset came
from. So every govopen source page read "数据集 0" above an empty list, also
for public datasets.

- ``index_fields`` (index hook): ``harvest_source_id`` from the dataset's record
  row (the one not withdrawn; one indexed query); none for a dataset no
  source harvested.
- ``package_count_for_source`` and ``package_list_for_source`` (chained onto
  ckanext-harvest's helpers): the same search with the reader's private
  datasets included, so a department's officers count and see the datasets
  the gate still holds (private until their checks allow: ``publish.py``) and
  an anonymous visitor the public ones, each by ``package_search``'s own
  access rules (permission labels).
- ``harvest_source_show_status`` (chained): its ``total_datasets`` (the sources
  list's "数据集: N") counts the source's PUBLIC datasets from the record table,
  as ckanext-harvest counts its own (public only): the status is also written
  into the source's search document, which anyone reads.
"""
from __future__ import annotations

from typing import Callable

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.helpers import Page
from ckan.lib.search.query import solr_literal

from . import model

FIELD = "harvest_source_id"


def index_fields(pkg_dict) -> dict:
    row = model.record_for_dataset(ckan_model.Session, pkg_dict.get("id"))
    return {FIELD: row["harvest_source_id"]} if row and not row["withdrawn"] else {}


def _search(source_id: str, **params) -> dict:
    return tk.get_action("package_search")({}, {
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
    source = tk.get_action("harvest_source_show")({}, {"id": source_id})
    base_url = h.url_for("harvest.read", id=source["name"])
    pager = Page(collection=query["results"], page=page, item_count=query["count"],
                   items_per_page=LIST_SIZE, url=lambda q=None, page=None: base_url + ("?page=%d" % page if page else ""))
    pager.items = query["results"]
    return h.snippet("snippets/package_list.html", packages=query["results"]) + pager.pager()


def public_count(session, source_id: str) -> int | None:
    """The source's active public datasets its record rows name (None: it has no rows)."""
    rec, pkg = model.record, ckan_model.package_table
    rows = session.execute(sa.select(sa.func.count(rec.c.dataset_id.distinct()),
                                     sa.func.count(pkg.c.id.distinct()).filter(
                                         sa.and_(pkg.c.private.is_(False), pkg.c.state == "active",
                                                 rec.c.withdrawn.is_(False))))
                           .select_from(rec.outerjoin(pkg, pkg.c.id == rec.c.dataset_id))
                           .where(rec.c.harvest_source_id == source_id)).first()
    return rows[1] if rows and rows[0] else None


@tk.chained_action
def harvest_source_show_status(original, context, data_dict):
    status = original(context, data_dict)
    from ckanext.harvest.model import HarvestSource
    source = HarvestSource.get(data_dict.get("id"))
    if isinstance(status, dict) and source is not None:
        found = public_count(ckan_model.Session, source.id)
        if found is not None:
            status["total_datasets"] = found
    return status


harvest_source_show_status.side_effect_free = True
