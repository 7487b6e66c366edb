"""Drop query words that are only Chinese stop words, before Solr sees them.

Solr's query analyzer already drops them from the text fields
(config/search/stopwords_zh.txt, wired in the `ckan` core's schema), but
CKAN's dismax also searches ``name`` and ``tags``, plain string fields with
no analyzer, and its ``mm`` (all of two words must match) then still
requires the word there: ``关于 幼儿园`` found nothing. So a free-text query
(no field syntax) loses its words that are listed stop words here, reading
the same file; a query made of nothing else is left alone.
"""
from __future__ import annotations

import functools
from pathlib import Path

from ckanext.govopen import search_text

#: The repository's search vocabulary (config/search/README.md).
STOPWORDS_FILE = Path(__file__).resolve().parents[3] / "config" / "search" / "stopwords_zh.txt"


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime: float) -> frozenset:
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            word = line.split("#", 1)[0].strip()
            if word:
                words.add(word.lower())
    return frozenset(words)


def stopwords(path: Path = STOPWORDS_FILE) -> frozenset:
    """The listed words (re-read when the file changes); empty when there is no file."""
    try:
        return _read(str(path), path.stat().st_mtime)
    except OSError:
        return frozenset()


def without_stopwords(q: str, words: frozenset) -> str:
    """``q`` minus its whitespace-separated words that are stop words."""
    if not q or ":" in q or '"' in q:
        return q                      # field syntax or a phrase: the user means it exactly
    kept = [w for w in q.split() if w.lower() not in words]
    return " ".join(kept) if kept else q


#: What a free-text search asks of Solr when the caller names none of
#: defType/qf/mm (search_text.py rewrites q): title (bigrams, then smartcn
#: words) above tags and the catch-all text, notes' words last.
RELEVANCE = {
    "defType": "edismax",
    "qf": "name^4 title^4 title_zhw^3 tags^2 groups^2 text notes_zhw^0.5 title_gloss^2",
    "mm": "2<-1 5<80%",
}


def query_params(search_params: dict, nearest=None, relaxed=None) -> dict:
    """The Solr parameters for ``search_params`` (a copy, changed where needed).

    A free-text ``q`` of a caller that set none of defType/qf/mm is rewritten
    by ``search_text.rewrite_params`` (questions, glossary, typos, the
    datasets ``nearest`` finds by meaning, and those ``relaxed`` fills a
    question's page with) and searched with ``RELEVANCE`` (a
    question with its own ``mm``); anything else only loses its stop-word query words."""
    params = dict(search_params)
    q = params.get("q")
    if not isinstance(q, str):
        return params
    rewritten = None
    if not any(params.get(k) for k in RELEVANCE):
        rewritten = search_text.rewrite_params(q, nearest=nearest, relaxed=relaxed)
    if rewritten is None:
        params["q"] = without_stopwords(q, stopwords())
        return params
    params.update(RELEVANCE)
    params.update(rewritten)         # q, and a question's own mm
    return params


def before_search(search_params: dict) -> dict:
    """IPackageController.before_dataset_search: refuse parameters that may not
    reach Solr (``search_params``), then clean ``q``."""
    from ckanext.govopen import search_params as guard
    from ckanext.govopen.search_meaning import similar
    from ckanext.govopen.search_ui import fill
    guard.check(search_params)
    search_params.update(query_params(search_params, nearest=similar.nearest,
                                      relaxed=functools.partial(fill.relaxed, qf=RELEVANCE["qf"])))
    return search_params
