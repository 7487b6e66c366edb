"""Index hook: the dataset's title as vectors in Solr (DenseVectorFields, not
stored: nothing returns them): ``title_meaning`` by the Chinese model, and
``title_meaning_en``, the title's English (``english.title_english``) by the
English model."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.search_meaning import encoder
from ckanext.govopen.search_meaning.english import title_english
from ckanext.govopen.search_meaning.knn import FIELD, FIELD_EN


def model_folder() -> str:
    return tk.config.get("govopen.search.meaning_model") or ""


def english_folder() -> str:
    return tk.config.get("govopen.search.meaning_model_en") or ""


def index_fields(pkg_dict) -> dict:
    if pkg_dict.get("dataset_type", "dataset") != "dataset":
        return {}                     # a harvest source is no dataset anyone searches for
    title = pkg_dict.get("title") or pkg_dict.get("name") or ""
    out = {}
    vectors = encoder.encode([title], model_folder())
    if vectors:
        out[FIELD] = vectors[0]
    # the title's English only for a model that reads it (every dataset written passes here)
    english = title_english(title) if encoder.available(english_folder()) else ""
    vectors = encoder.encode([english], english_folder()) if english else None
    if vectors:
        out[FIELD_EN] = vectors[0]
    return out
