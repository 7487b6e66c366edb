"""Suggestions answered from Redis, dropped the moment the index or the departments change.

Search by meaning keeps its nearest titles of a query here too
(``search_meaning.similar.nearest``: also an anonymous visitor's answer).

An answer (``suggest.answer``) is an ANONYMOUS visitor's, whoever asks, so one
cached copy serves everyone and no private title can be in it. It is a
function of what ``suggest`` reads from the request (the Solr words of
``ngram_query``, the department text, the reader's language and the link
prefix): that is the key, so two ways of typing the same words share it.

Correct by construction, not by expiry: every entry carries the GENERATION it
was computed under (read BEFORE Solr was asked), and the generation is bumped
AFTER every change of what an answer reads has reached Solr and the database:

- ``touched`` (an index hook: every dataset document CKAN or a job writes) and
  a flush holding a dataset, resource or department (``_flushed``: a purge
  removes a document without writing one; a department's name or title is
  read from the database) mark the session;
- when that session's transaction ends (``after_commit``; ``after_rollback``
  too: Solr was written before the database committed), the generation is
  bumped. CKAN writes a dataset's document, with Solr's commit, inside the
  write before the database commits, and the jobs' ``reindex`` likewise.

A reader that read generation G and then got an old answer from Solr asked it
before that commit, so before the bump: its entry says G and is never read
again. The TTL only keeps Redis small. Not seen (documented in
``bench/search/README.md``): documents written straight to Solr outside CKAN
(``latency.py load``, a test's ``clean_index``): bump with ``bump()``. Not
exact: ``ckan search-index rebuild`` commits Solr without waiting for the new
searcher (``waitSearcher=False``), so an answer asked in the moment between its
bump and that searcher may be of the old index until the next change or the TTL.

A Redis failure is logged and the answer computed as without a cache.
"""
from __future__ import annotations

import hashlib
import json
import logging

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.redis import connect_to_redis

from ckanext.govopen import common

log = logging.getLogger(__name__)

#: seconds an unused entry stays (memory only; correctness is the generation's)
TTL = 3600
_MARK = "govopen_suggest_changed"      # a session.info key (not a config option)
#: rows whose change may change an answer (the documents are also seen by ``touched``)
WATCHED = (model.Package, model.Resource, model.Group)



def _redis():
    """This process's Redis client (``common.redis_client``)."""
    return common.redis_client(connect_to_redis)


def _prefix() -> str:
    return common.redis_key("suggest", "")


def generation_key() -> str:
    return _prefix() + "generation"


def _core() -> str:
    return tk.config.get("solr_url") or ""


def entry_key(parts) -> str:
    """The key of ``parts``' answer, asked of this site's Solr core: the answer is the
    core's, so two sites on one Redis and one site_id that ask other cores never read
    each other's (bench/search/stock_site.sh's sites took a question's fill from the
    project core's entries, and the stock core's site never asked its own)."""
    keyed = [_core(), parts]
    digest = hashlib.sha1(json.dumps(keyed, ensure_ascii=False).encode("utf-8")).hexdigest()
    return _prefix() + "a:" + digest


def lookup(parts) -> tuple:
    """(generation now, the cached suggestions of ``parts`` if computed under it, else None)."""
    try:
        generation, entry = _redis().mget([generation_key(), entry_key(parts)])
    except Exception:  # noqa: BLE001 - no cache: the answer is computed
        log.exception("suggestion cache unreadable")
        return None, None
    generation = (generation or b"0").decode()
    if entry:
        kept, _, body = entry.decode("utf-8").partition("\n")
        if kept == generation:
            return generation, json.loads(body)
    return generation, None


def store(parts, generation, suggestions) -> None:
    """Keep ``suggestions`` under the generation read before they were computed."""
    if generation is None:
        return
    value = generation + "\n" + json.dumps(suggestions, ensure_ascii=False, separators=(",", ":"))
    try:
        _redis().set(entry_key(parts), value.encode("utf-8"), ex=TTL)
    except Exception:  # noqa: BLE001
        log.exception("suggestion cache unwritable")


def cached(parts, compute):
    """``compute()``'s suggestions for ``parts``, from the cache when still valid."""
    generation, found = lookup(parts)
    if found is not None:
        return found
    found = compute()
    store(parts, generation, found)
    return found


def bump() -> None:
    """Every cached answer is old from now on."""
    common.bump_generation(connect_to_redis, generation_key(), "suggestion cache")


# --- what marks a change: the index hook and the session's flushes --------------------

def touched(pkg_dict) -> dict:
    """Index hook: this session wrote a search document; no field added."""
    model.Session().info[_MARK] = True
    return {}


# CKAN's session: a transaction that wrote a dataset, a resource or a department
_flushed, _ended = common.after_writes(_MARK, WATCHED, lambda: bump())
