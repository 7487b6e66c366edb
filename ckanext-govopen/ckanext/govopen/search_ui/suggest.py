"""Suggestions as you type: ``GET /api/govopen/suggest?q=...`` (public, read only).

Titles come from CKAN's own ``package_search`` run as an ANONYMOUS visitor
(no user in the context, whoever asks), so a suggestion is always a dataset
anyone may find: a private dataset, or one the access rules hide from the
public, is never suggested, not even to its own editors (one answer for all,
cacheable). The match is on ``title_ngram`` (every 2-10 character piece of
the title, indexed already), so any part of a title suggests it.
Departments: ``organization_list`` filtered by the same words. An English
reader (``/en/api/govopen/suggest``, which the English pages ask) sees a
dataset's English title (the standard's ``title_en``) where it has one.

Answer: ``{"q": ..., "suggestions": [{"kind": "dataset"|"department",
"label": ..., "url": ...}]}``; a query shorter than 2 characters gets none.
"""
from __future__ import annotations

import re

import flask

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.search.common import SearchError

from ckanext.govopen.portal.translated import english

blueprint = flask.Blueprint("govopen_search_suggest", __name__)

MAX_DATASETS = 6
MAX_DEPARTMENTS = 3
#: the longest piece title_ngram holds (schema.xml, text_ngram maxGramSize)
MAX_GRAM = 10
MAX_QUERY = 50
_QUOTED = re.compile(r'(["\\])')


def ngram_query(text: str) -> str | None:
    """Solr query on ``title_ngram`` for the typed words (escaped); None for too little."""
    words = [w[:MAX_GRAM] for w in (text or "")[:MAX_QUERY].split() if len(w) >= 2][:4]
    if not words:
        return None
    # each word a quoted term: no operator, field or wildcard of the visitor's reaches Solr
    return " AND ".join('title_ngram:"%s"' % _QUOTED.sub(r"\\\1", w) for w in words)


def anonymous() -> dict:
    return {"user": "", "ignore_auth": False}


def datasets(text: str) -> list:
    query = ngram_query(text)
    if query is None:
        return []
    try:
        found = tk.get_action("package_search")(anonymous(), {
            "q": query, "rows": MAX_DATASETS, "include_private": False, "include_drafts": False})
    except (SearchError, tk.ValidationError):   # odd input: no suggestion, never an error page
        return []
    return [{"kind": "dataset", "label": english(d, "title") or d.get("title") or d.get("name"),
             "url": tk.url_for("dataset.read", id=d.get("name"))}
            for d in found.get("results") or [] if isinstance(d, dict)]


def departments(text: str) -> list:
    words = (text or "").strip()[:MAX_QUERY]
    if len(words) < 2:
        return []
    # names only: with all_fields CKAN also counts every department's datasets
    # in Solr and dictizes each department, on every keystroke
    names = tk.get_action("organization_list")(anonymous(), {"q": words, "limit": MAX_DEPARTMENTS})
    titles = dict(model.Session.query(model.Group.name, model.Group.title)
                  .filter(model.Group.name.in_(names)).all()) if names else {}
    return [{"kind": "department", "label": titles.get(name) or name,
             "url": tk.url_for("organization.read", id=name)} for name in names]


@blueprint.route("/api/govopen/suggest")
def suggest():
    text = flask.request.args.get("q", "")
    if not isinstance(text, str):
        text = ""
    items = datasets(text) + departments(text)
    response = flask.jsonify({"q": text, "suggestions": items})
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


def get_blueprint():
    return blueprint
