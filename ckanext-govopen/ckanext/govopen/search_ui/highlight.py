"""Why a result matched: its title and description with the query's terms marked.

CKAN's ``package_search`` asks Solr for the page and drops everything but the
documents, so Solr's highlighting cannot ride along on that call. The search
page asks for it once per page (``govopen_search_results``): the same query
``search_query.query_params`` makes of the visitor's words (traditional
folding, synonyms, glossary, smartcn words), limited by ``fq`` to the ids of
the results the visitor already sees, so the answer holds nothing they may
not read (the words alone, any one of a question's: a result it does not
return was found by meaning). Solr marks terms with two control characters; ``to_html`` escapes
EVERYTHING else and turns only those into ``<mark>``, so a title holding
``<script>`` is shown as text.
"""
from __future__ import annotations

import logging

import pysolr
from markupsafe import Markup, escape

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import make_connection
from ckan.lib.search.query import solr_literal

from ckanext.govopen import search_query

log = logging.getLogger(__name__)

PRE, POST = "\x02", "\x03"
#: how much of a description is shown around its first match (characters)
NOTES_FRAGMENT = 180
FIELDS = ("title", "notes")


def solr_params(q: str, ids: list) -> dict:
    """The Solr request that highlights ``q`` in the documents ``ids``."""
    params = search_query.query_params({"q": q})
    params.setdefault("defType", "dismax")
    params.setdefault("qf", "name^4 title^4 tags^2 groups^2 text")
    params.update({
        "fq": ["+site_id:%s" % solr_literal(tk.config.get("ckan.site_id")),
               "+id:(%s)" % " OR ".join(solr_literal(i) for i in ids)],
        "fl": "id,index_id", "rows": len(ids), "wt": "json", "tie": "0.1",
        "q.op": "AND",
        # a question's words are ORed (search_text): any one of them here, not the
        # question's own mm, so a title its page was filled with by one word
        # (search_ui/fill.py) is marked, not labelled "related in meaning" (none of
        # the words); a query typed as words keeps every word required (q.op)
        "mm": "1",
        "df": "text",
        "hl": "true", "hl.method": "unified", "hl.fl": ",".join(FIELDS),
        "hl.requireFieldMatch": "false", "hl.simple.pre": PRE, "hl.simple.post": POST,
        "f.title.hl.fragsize": "0", "f.notes.hl.fragsize": str(NOTES_FRAGMENT),
        "hl.bs.type": "SENTENCE",
    })
    return params


def fetch(q: str, ids: list) -> tuple:
    """``({dataset id: {"title": marked text, "notes": marked text}}, ids the words match)``:
    marks only for fields with a match; the second is the set of ``ids`` the query's
    words match (the others were found by meaning alone: search_meaning), None when
    not known.

    Highlighting is a help, not the search: when Solr fails the page shows
    plain results (logged), never an error."""
    ids = [i for i in ids if isinstance(i, str) and i]
    if not (q or "").strip() or not ids:
        return {}, None
    params = solr_params(q, ids)
    query = params.pop("q")
    try:
        response = make_connection(decode_dates=False).search(query, **params)
    except (pysolr.SolrError, OSError) as e:
        log.warning("highlighting failed: %s", e)
        return {}, None
    by_index = {doc.get("index_id"): doc.get("id") for doc in response.docs}
    found = {}
    for index_id, fields in (response.highlighting or {}).items():
        marked = {name: values[0] for name, values in (fields or {}).items()
                  if name in FIELDS and values and PRE in values[0]}
        if marked and by_index.get(index_id):
            found[by_index[index_id]] = marked
    return found, set(by_index.values())


def to_html(marked: str) -> Markup:
    """``marked`` as HTML: everything escaped, Solr's marks as ``<mark>`` (balanced)."""
    out, open_ = [], False
    for ch in marked or "":
        if ch == PRE:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif ch == POST:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(str(escape(ch)))
    if open_:
        out.append("</mark>")
    return Markup("".join(out).replace("</mark><mark>", ""))
