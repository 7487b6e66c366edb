"""The home page's figures, from ONE search (what the public can find):
the standard's themes with their counts, the departments with theirs, the
newest datasets, and the key figures (datasets, departments, the share that
is unconditionally open by the verdict, ``facets.VERDICT_FACET``).

Counts are search counts, so they agree with what the search page finds
for the same reader (the dashboard counts the catalogue, private datasets
included, and says so).
"""
from __future__ import annotations

import json

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.common import current_lang
from ckanext.govopen.facets import VERDICT_FACET
from ckanext.govopen.participation import model as participation
from ckanext.govopen.standard import loader

NEWEST = 6
BEST_RATED = 6
THEME_FIELD = "theme"


def _facet_counts(search: dict, field: str) -> dict:
    return {item["name"]: item for item in (search.get("search_facets") or {}).get(field, {}).get("items") or []}


def govopen_home() -> dict:
    """``{"count", "departments": [{name, title, count}], "themes": [{code,
    label, count}], "open_share", "newest": [dataset dicts]}`` for the reader."""
    lang = current_lang()
    search = tk.get_action("package_search")({}, {
        "q": "*:*", "rows": NEWEST, "sort": "metadata_created desc",
        "facet.field": json.dumps([THEME_FIELD, "organization", VERDICT_FACET]),
        "facet.limit": -1, "facet.mincount": 1,
    })
    count = search.get("count") or 0
    themes_found = _facet_counts(search, THEME_FIELD)
    themes = [{"code": code, "label": loader.label("theme", code, lang),
               "count": (themes_found.get(code) or {}).get("count", 0)}
              for code in loader.codes("theme")]
    departments = sorted(
        ({"name": name, "title": item.get("display_name") or name, "count": item["count"]}
         for name, item in _facet_counts(search, "organization").items()),
        key=lambda d: (-d["count"], d["title"]))
    unconditional = (_facet_counts(search, VERDICT_FACET).get("unconditional") or {}).get("count", 0)
    return {
        "count": count,
        "departments": departments,
        "themes": themes,
        "open_share": round(100 * unconditional / count) if count else None,
        "newest": search.get("results") or [],
        "best_rated": best_rated(),
    }


def best_rated(limit: int = BEST_RATED) -> list:
    """The datasets with the best average rating (participation/), most ratings
    first among equals: ``[{name, title, title_en, average, count}]``. Which
    datasets may be shown is asked of CKAN's own ``package_search`` as an
    anonymous visitor (the verdict and hiding hooks apply), not decided here."""
    rating = participation.rating
    average = sa.func.avg(rating.c.score)
    count = sa.func.count(rating.c.id)
    rows = model.Session.execute(
        sa.select(rating.c.package_id, average, count)
        .group_by(rating.c.package_id)
        .order_by(average.desc(), count.desc(), rating.c.package_id)
        .limit(limit * 5)).all()
    if not rows:
        return []
    visible = tk.get_action("package_search")({"user": "", "ignore_auth": False}, {
        "fq": "id:(%s)" % " OR ".join('"%s"' % r[0] for r in rows),
        "rows": len(rows), "include_private": False, "include_drafts": False})["results"]
    shown = {d["id"]: d for d in visible}
    out = []
    for package_id, avg, n in rows:
        d = shown.get(package_id)
        if d is not None:
            out.append({"name": d["name"], "title": d.get("title") or d["name"],
                        "title_en": d.get("title_en") or "",
                        "average": round(float(avg), 1), "count": int(n)})
    return out[:limit]
