"""Index hook: the dataset's title as a vector, in Solr's ``title_meaning`` field
(a DenseVectorField, not stored: nothing returns it)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.search_meaning import encoder
from ckanext.govopen.search_meaning.knn import FIELD


def model_folder() -> str:
    return tk.config.get("govopen.search.meaning_model") or ""


def index_fields(pkg_dict) -> dict:
    if pkg_dict.get("dataset_type", "dataset") != "dataset":
        return {}                     # a harvest source is no dataset anyone searches for
    title = pkg_dict.get("title") or pkg_dict.get("name") or ""
    vectors = encoder.encode([title], model_folder())
    return {FIELD: vectors[0]} if vectors else {}
