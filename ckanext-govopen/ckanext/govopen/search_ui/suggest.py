"""Suggestions as you type: ``GET /api/govopen/suggest?q=...`` (public, read only).

One small Solr query per keystroke, not a search: ``title_ngram`` (every
2-10 character piece of the title, indexed already) for the typed words, only
the fields a suggestion shows (``name``, ``title``), no facets, no data dicts,
on a kept-open connection. Its filters are those of an ANONYMOUS visitor,
whoever asks (one answer for all, cacheable): this site, active, public,
datasets only (no harvest sources), CKAN's permission labels of the anonymous
user, and the one verdict's ``effective_open_type`` (indexed by
``verdict.hooks``): only an open type whose metadata the public may see. So a
private dataset, a draft, or one the verdict keeps from the public is never
suggested, not even to its own editors. Answers are kept in Redis
(``suggest_cache``) until the index or a department changes. Traditional
characters find what simplified ones do (Solr folds ``title_ngram``; the
departments' text is folded here). Departments: the active
organizations whose name or title holds the typed text, from a list each process
reads once per cache generation (not one SQL query per miss). The fast path
answers an unchanged answer's revalidation (``If-None-Match``) with 304 and says
its own time in ``Server-Timing`` (the latency bench splits server and queue).

An English reader (``/en/api/govopen/suggest``, which the English pages ask)
sees a dataset's English title (the standard's ``title_en``, read from the
stored dict, the only place the index keeps it) where it has one.

Answer: ``{"q": ..., "suggestions": [{"kind": "dataset"|"department",
"label": ..., "url": ...}]}``; a query shorter than 2 characters gets none.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import urllib.parse

import flask
import pysolr
import werkzeug

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.i18n import get_locales_from_config
from ckan.lib.plugins import get_permission_labels
from ckan.lib.search.common import make_connection
from ckan.lib.search.query import solr_literal

from ckanext.govopen import search_text
from ckanext.govopen.common import current_lang, lang_key
from ckanext.govopen.portal.translated import ENGLISH
from ckanext.govopen.search_ui import suggest_cache
from ckanext.govopen.web.request_guard import bad_text
from ckanext.govopen.verdict.hooks import INDEX_FIELD

blueprint = flask.Blueprint("govopen_search_suggest", __name__)

MAX_DATASETS = 6
MAX_DEPARTMENTS = 3
#: the longest piece title_ngram holds (schema.xml, text_ngram maxGramSize)
MAX_GRAM = 10
MAX_QUERY = 50
#: the verdict's open types whose metadata the public may see ("none": nothing)
FINDABLE = ("unconditional", "conditional")
_QUOTED = re.compile(r'(["\\])')


def ngram_query(text: str) -> str | None:
    """Solr query on ``title_ngram`` for the typed words (escaped); None for too little."""
    words = [w[:MAX_GRAM] for w in (text or "")[:MAX_QUERY].split() if len(w) >= 2][:4]
    if not words:
        return None
    # each word a quoted term: no operator, field or wildcard of the visitor's reaches Solr
    return " AND ".join('title_ngram:"%s"' % _QUOTED.sub(r"\\\1", w) for w in words)


def anonymous_filters() -> list:
    """The ``fq`` of an anonymous visitor's search, plus the verdict's: one Solr
    filter each, so Solr caches each one across all keystrokes."""
    labels = get_permission_labels().get_user_dataset_labels(None)
    return ["+site_id:%s" % solr_literal(tk.config.get("ckan.site_id")),
            "+state:active", "+capacity:public", "+dataset_type:dataset",
            "+permission_labels:(%s)" % " OR ".join(solr_literal(label) for label in labels),
            "+%s:(%s)" % (INDEX_FIELD, " OR ".join(FINDABLE))]


_local = threading.local()


def connection() -> pysolr.Solr:
    """This thread's connection (kept open between requests), remade when ``solr_url`` changes."""
    url = tk.config.get("solr_url")
    if getattr(_local, "url", None) != url:
        _local.conn, _local.url = make_connection(decode_dates=False), url
    return _local.conn


def _label(doc: dict, lang: str) -> str:
    label = doc.get("title") or doc.get("name")
    if lang != "en":
        return label
    try:
        data = json.loads(doc.get("validated_data_dict") or "{}")
    except ValueError:
        return label
    english = data.get(ENGLISH["title"]) if isinstance(data, dict) else None
    return english.strip() if isinstance(english, str) and english.strip() else label


def datasets(text: str, lang: str, url) -> list:
    query = ngram_query(text)
    if query is None:
        return []
    try:
        found = connection().search(query, **{
            "fq": anonymous_filters(), "rows": MAX_DATASETS, "defType": "lucene", "q.op": "AND",
            "fl": "name title" + (" validated_data_dict" if lang == "en" else ""),
            "sort": "score desc, title_string asc"})
    except pysolr.SolrError:          # odd input: no suggestion, never an error page
        return []
    return [{"kind": "dataset", "label": _label(doc, lang), "url": url("dataset", doc["name"])}
            for doc in found.docs if doc.get("name")]


def department_text(text: str) -> str:
    """What ``departments`` looks for in ``text``: traditional characters read as
    simplified (the departments' titles are; ``search_text.simplified``, the
    search's own fold: titles are folded by Solr, departments are not in Solr)."""
    return search_text.simplified((text or "").strip()[:MAX_QUERY])


#: this process's departments (name, title) and the cache generation they were read under
_known: dict = {}


def _all_departments(generation) -> list:
    """Every active department's (name, title), sorted by title: read once per
    generation of the answer cache (a department's change bumps it, as does
    every index write), so a miss does not ask the database each time. Under
    no generation (Redis down) read every time."""
    kept = _known.get("rows")
    if generation is not None and kept and kept[0] == generation:
        return kept[1]
    group = model.Group
    rows = sorted(((name, title or "") for name, title in model.Session.query(group.name, group.title)
                   .filter(group.is_organization.is_(True), group.state == "active",
                           group.type == "organization")),
                  key=lambda row: (row[1], row[0]))
    if generation is not None:
        _known["rows"] = (generation, rows)      # one assignment: a reader sees both or neither
    return rows


def departments(text: str, url, generation=None) -> list:
    """The active departments whose name or title holds ``text`` (case ignored)."""
    words = department_text(text).lower()
    if len(words) < 2:
        return []
    found = [(name, title) for name, title in _all_departments(generation)
             if words in name.lower() or words in title.lower()][:MAX_DEPARTMENTS]
    return [{"kind": "department", "label": title or name, "url": url("organization", name)}
            for name, title in found]


def answer(text, lang: str, url) -> dict:
    """The suggestions for ``text`` in ``lang`` (``"zh"``|``"en"``); ``url(kind, name)`` links."""
    if not isinstance(text, str):
        text = ""
    # all an answer is computed from (the form of its links by one sample link)
    parts = [lang, url("dataset", "_"), ngram_query(text), department_text(text)]
    generation, found = suggest_cache.lookup(parts)
    if found is None:
        found = datasets(text, lang, url) + departments(text, url, generation)
        suggest_cache.store(parts, generation, found)
    return {"q": text, "suggestions": found}


def _flask_url(kind: str, name: str) -> str:
    return tk.url_for("%s.read" % kind, id=name)


@blueprint.route("/api/govopen/suggest")
def suggest():
    """The view: reached when the fast path (below) passes a request on."""
    response = flask.jsonify(answer(flask.request.args.get("q", ""), current_lang(), _flask_url))
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


# --- the fast path --------------------------------------------------------------------

#: not kept by browsers or proxies: a dataset made private leaves suggestions at
#: once (the server's cache, ``suggest_cache``, is dropped on every index change)
CACHE_CONTROL = "no-cache"
PATH = "/api/govopen/suggest"


class FastPath:
    """WSGI, around the Flask app's ``wsgi_app``: answers ``PATH`` (and
    ``/<locale>PATH``) itself, before CKAN's per-request work (login, session,
    system info, template globals: about 10 ms a request, more than the answer
    costs). The answer is the same as the view's: an anonymous visitor's,
    whoever asks, so nothing of the request but ``q`` and the language is read.
    Anything else, a request the input guard would refuse (``bad_text``), and
    any site under a ``ckan.root_path`` go on to CKAN unchanged."""

    def __init__(self, app):
        self.app = app

    def language(self, environ) -> str | None:
        """The locale of a suggestion request (``""``: the default), None for any other request."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or tk.config.get("ckan.root_path"):
            return None
        path = environ.get("PATH_INFO") or ""
        if path == PATH:
            return ""
        locale, _, rest = path[1:].partition("/")
        if "/" + rest == PATH and locale in get_locales_from_config() \
                and locale != tk.config.get("ckan.locale_default"):
            return locale
        return None

    def __call__(self, environ, start_response):
        locale = self.language(environ)
        if locale is None:
            return self.app(environ, start_response)
        started = time.perf_counter()
        text = werkzeug.Request(environ).args.get("q", "")
        if bad_text(text) or bad_text(environ.get("PATH_INFO") or ""):
            return self.app(environ, start_response)        # the guard's answer, with its message
        prefix = "/" + locale if locale else ""

        def url(kind, name):
            return "%s/%s/%s" % (prefix, kind, urllib.parse.quote(name))
        try:
            body = json.dumps(answer(text, lang_key(locale or tk.config.get("ckan.locale_default")), url),
                              ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        finally:
            model.Session.remove()          # what CKAN's teardown does for a view
        # revalidation (no-cache: a browser asks each time): the same answer again costs
        # no body; the tag is of the answer itself, so it cannot outlive a change
        etag = 'W/"%s"' % hashlib.sha1(body).hexdigest()[:20]
        headers = [("Cache-Control", CACHE_CONTROL), ("ETag", etag),
                   # where the time went: this server's part of the round trip (the bench reads it)
                   ("Server-Timing", "app;dur=%.1f" % (1000 * (time.perf_counter() - started)))]
        if etag in (environ.get("HTTP_IF_NONE_MATCH") or ""):
            start_response("304 Not Modified", headers)
            return [b""]
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
                       + headers)
        return [body] if environ.get("REQUEST_METHOD") == "GET" else [b""]


def install(flask_app):
    """IMiddleware part (``search_ui/feature.py``): the fast path around the Flask app."""
    if hasattr(flask_app, "wsgi_app"):          # the Flask app, not a WSGI wrapper
        flask_app.wsgi_app = FastPath(flask_app.wsgi_app)
    return flask_app


def get_blueprint():
    return blueprint
