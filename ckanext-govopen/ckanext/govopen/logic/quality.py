"""The metadata quality score where users meet it: the API, the search index,
the dataset page.

The score itself is CKAN-free (``standard.quality``, points in
``standards/quality.yaml``); this module only attaches it:

- ``show_quality`` (show hook, right after the verdict's so the score is computed on
  the full record before any viewer-specific stripping): package_show gets
  ``quality_score`` (0-100) and ``quality`` (rating and the breakdown by
  dimension and indicator). It is derived, never stored: a client that sends
  a shown dict back to package_update changes nothing with it.
- ``index_quality`` (index hook): Solr gets ``quality_score`` as zero-padded
  text (``"087.5"``), so ``sort=quality_score desc`` and range filters such as
  ``fq=quality_score:[060.0 TO *]`` order correctly without a schema change,
  and ``quality_rating`` (excellent/good/sufficient/bad) for facets.
"""
from __future__ import annotations

import json
import logging

from ckanext.govopen.standard import quality
from ckanext.govopen.verdict import read

log = logging.getLogger(__name__)

#: Keys this module adds to a shown dataset; dropped before scoring so a
#: re-shown (cached) dict scores the same.
SHOWN_KEYS = ("quality_score", "quality")


def breakdown(dataset: dict) -> dict:
    """``{"score", "rating", "earned", "max", "dimensions"}`` for a package dict.

    The open type it rates (the "rights" indicator) is the dataset's verdict, what
    the public really gets, not only what was declared; whether one was declared
    at all (``access_rights``) is still the declaration's."""
    scored = {k: v for k, v in dataset.items() if k not in SHOWN_KEYS}
    if scored.get("open_type") and scored.get("id"):
        scored["open_type"] = read.open_type(dataset)
    return quality.score(scored)


def show_quality(context, pkg_dict) -> None:
    """Show hook: ``quality_score`` and ``quality`` on every shown dataset."""
    result = breakdown(pkg_dict)
    pkg_dict["quality_score"] = result["score"]
    pkg_dict["quality"] = {k: result[k] for k in ("rating", "earned", "max", "dimensions")}


def sortable(score: float) -> str:
    """``87.5`` -> ``"087.5"``: text that sorts like the number (Solr ``*`` fields are strings)."""
    return "%05.1f" % float(score)


def index_quality(pkg_dict) -> dict:
    """Index hook: ``quality_score`` (sortable text) and ``quality_rating``."""
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except ValueError:
        dataset = {}
    try:
        score = dataset.get("quality_score")
        rating = (dataset.get("quality") or {}).get("rating")
        if score is None or rating is None:
            result = breakdown(dataset or pkg_dict)
            score, rating = result["score"], result["rating"]
        return {"quality_score": sortable(score), "quality_rating": rating}
    except Exception:  # noqa: BLE001 - indexing must not fail on a scoring problem
        log.exception("quality score of %s", pkg_dict.get("id"))
        return {}
