"""The query side: the public datasets whose titles are nearest a query in meaning.

``search_query.before_search`` hands ``nearest`` to ``search_text.rewrite_params``,
which ORs the ids found, at a low constant score, with the query's words (10. in
its docstring): a dataset its words match ranks as before (plus a tie-breaking
sliver), and one found by meaning alone is listed after all of them, nearest
first. An English query is also read by the English model against the titles'
English (``english``); the two models' finds are interleaved. The nearest are
looked for among what an anonymous visitor may find (``search_ui.suggest.anonymous_filters``: public, active, findable by its
verdict), so a held dataset's title never adds anything; CKAN's own filters
still decide what each reader's results show.
"""
from __future__ import annotations

import logging

import pysolr

import ckan.plugins.toolkit as tk

from ckanext.govopen.search_meaning import encoder, knn
from ckanext.govopen.search_meaning.english import english_query
from ckanext.govopen.search_meaning.index import english_folder, model_folder
from ckanext.govopen.search_meaning.knn import CANDIDATES, FIELD, FIELD_EN, SEARCHED, knn_query, nearest_of
from ckanext.govopen.search_ui import suggest_cache
from ckanext.govopen.search_ui.suggest import anonymous_filters, connection

log = logging.getLogger(__name__)

#: characters of a query the model is given (well over encoder.MAX_TOKENS tokens)
MAX_TEXT = 4 * encoder.MAX_TOKENS


def min_similarity() -> float:
    # declared (config_declaration.yml, type float) with knn.MIN_SIMILARITY as its default;
    # CKAN's toolkit has asint and asbool but no asfloat
    return float(tk.config.get("govopen.search.meaning_min_similarity"))


def min_similarity_en() -> float:
    return float(tk.config.get("govopen.search.meaning_min_similarity_en"))


def nearest(text: str, english: str = "") -> list:
    """[(dataset id, cosine)] of the public titles nearest ``text`` (by the Chinese
    model, in title_meaning) and nearest ``english`` (an English query, by the
    English model in the titles' English, title_meaning_en), each at least its
    model's floor near, the two lists interleaved (``knn.interleaved``); [] for a
    model that is missing.

    An anonymous visitor's answer, whoever asks, so it is kept like a suggestion
    (``suggest_cache``: in Redis under the generation every dataset write raises):
    a query asked again costs a Redis read, not the model and a knn request
    (~17 ms at 100,000 datasets), and a dataset written since is never missed. After
    a write, only the knn request is asked again: the query's vector is kept by the
    process (``encoder.query_vector``)."""
    return knn.interleaved(_kept(encoder.query_text(text), model_folder(), FIELD, min_similarity),
                           _kept(english_query(english), english_folder(), FIELD_EN, min_similarity_en))


def _kept(text: str, folder: str, field: str, floor_of) -> list:
    if not text or not text.strip() or not encoder.available(folder):
        return []                     # nothing to read, or no model: the words alone
    floor = floor_of()
    # the model reads MAX_TOKENS tokens (a Chinese character is one, an English word
    # one or two): a longer text is cut here, before the tokenizer and the cache key
    text = text[:MAX_TEXT]
    # everything the answer depends on: a release that asks Solr otherwise is not
    # answered with the last one's entries
    parts = ["meaning", folder, field, floor, SEARCHED, CANDIDATES, text]
    generation, found = suggest_cache.lookup(parts)
    if found is None:
        found = _nearest(text, folder, field, floor)
        if found is None:
            return []                 # failed: not kept, asked again next time
        suggest_cache.store(parts, generation, found)
    return [tuple(pair) for pair in found]


def _nearest(text: str, folder: str, field: str, floor: float) -> list | None:
    try:
        vector = encoder.query_vector(text, folder)
        if not vector:
            return []
        found = connection().search(knn_query(vector, field=field), **{
            "fq": anonymous_filters(), "rows": CANDIDATES, "fl": "id score"})
        return nearest_of(found.docs, floor)
    except (pysolr.SolrError, ValueError, RuntimeError, OSError) as e:
        # an index of an older schema, a model that will not run: the words alone
        # answer (never an error page for something only added to the results)
        log.warning("search by meaning skipped: %r", e)
        return None
