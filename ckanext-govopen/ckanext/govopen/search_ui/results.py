"""Each result of the search page with what a reader decides by: why it
matched (``highlight``; or that it was found for its meaning), its department, last update, open type (the
verdict's, never recomputed), formats and metadata quality.

``govopen_search_results(q, packages)`` (template helper) returns the page's
result dicts, each a shallow copy with ``govopen_result``; the package item
template shows it. Everything comes from the result dict the visitor was
already given (public metadata) plus the highlighting of those same ids.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.common import current_lang
from ckanext.govopen.logic import quality as quality_score
from ckanext.govopen.search_ui import highlight
from ckanext.govopen.standard import loader
from ckanext.govopen.verdict import read as verdict

#: result dict key the package item template reads
KEY = "govopen_result"


def formats(package: dict) -> list:
    seen = []
    for res in package.get("resources") or []:
        fmt = (res.get("format") or "").strip() if isinstance(res, dict) else ""
        if fmt and fmt.upper() not in (f.upper() for f in seen):
            seen.append(fmt)
    return seen


def facts(package: dict, marked: dict, lang: str, by_meaning: bool = False) -> dict:
    """What one result shows beyond CKAN's item (all values plain text but the marked HTML)."""
    org = package.get("organization") or {}
    open_type = verdict.open_type(package)
    try:
        quality = round(float(package.get("quality_score")))
    except (TypeError, ValueError):      # a result indexed without its score: the same scoring
        quality = round(float(quality_score.breakdown(package)["score"]))
    return {
        "title_html": highlight.to_html(marked["title"]) if marked.get("title") else None,
        "notes_html": highlight.to_html(marked["notes"]) if marked.get("notes") else None,
        "department": org.get("title") or org.get("name") or "",
        "modified": package.get("metadata_modified") or "",
        "open_type": open_type,
        "open_type_label": loader.label("open_type", open_type, lang),
        "formats": formats(package),
        "quality": quality,
        # none of the query's words: found for its meaning (search_meaning), said so
        "by_meaning": by_meaning,
    }


def govopen_search_results(q, packages) -> list:
    """The page's results, each a copy carrying ``govopen_result`` (see ``facts``)."""
    packages = [p for p in packages or [] if isinstance(p, dict)]
    marks, by_words = highlight.fetch(q or "", [p.get("id") for p in packages])
    lang = current_lang()
    return [dict(p, **{KEY: facts(p, marks.get(p.get("id")) or {}, lang,
                                  by_meaning=by_words is not None and p.get("id") not in by_words)})
            for p in packages]
