"""The query side of a question's filled page (search_text, 11.): when a
question's words and its meaning list fewer than ``search_text.FILL`` datasets,
the public datasets any one of its words matches fill the rest.

``search_query.before_search`` hands ``relaxed`` to ``search_text.rewrite_params``,
which adds the ids ``search_text.page_fill`` chooses to the question at a
constant score under its meaning's: all of them fit on the first page with
what was listed before, and nothing listed before leaves it. They are looked
for among what an anonymous visitor may find (``suggest.anonymous_filters``:
public, active, findable by its verdict), so a held dataset never comes in by
them; CKAN's own filters still decide what each reader's results show (a
reader who may see held datasets their words match counts them on top of an
anonymous visitor's page, so the fill may then push one of those past the
tenth place, never off the results). Kept
like a suggestion (``suggest_cache``: in Redis under the generation every
dataset write raises): a question asked again costs a Redis read.
"""
from __future__ import annotations

import logging

import pysolr

from ckanext.govopen.search_text import FILL, fill_params, page_fill
from ckanext.govopen.search_ui import suggest_cache
from ckanext.govopen.search_ui.suggest import anonymous_filters, connection

log = logging.getLogger(__name__)


def relaxed(q: str, taken: list, qf: str) -> list:
    """[dataset id] to fill the page of the question ``q`` (its clauses ORed) with,
    ``taken``: the ids it lists by meaning; ``qf``: the fields the question searches
    (search_query.RELEVANCE's, handed in: search_query calls this module)."""
    parts = ["fill", qf, FILL, q, sorted(taken)]
    generation, found = suggest_cache.lookup(parts)
    if found is None:
        try:
            found = page_fill(lambda mm, rows: _ask(q, qf, mm, rows), taken)
        except (pysolr.SolrError, ValueError, OSError) as e:
            # the question's own words and meaning still answer: never an error page
            log.warning("question fill skipped: %r", e)
            return []                 # not kept: asked again next time
        suggest_cache.store(parts, generation, found)
    return list(found)


def _ask(q: str, qf: str, mm: str, rows: int) -> list:
    params = fill_params(q, qf, mm, rows)
    found = connection().search(params.pop("q"), fq=anonymous_filters(), **params)
    return [doc["id"] for doc in found.docs if doc.get("id")]
