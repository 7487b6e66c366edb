"""Index hook (the last one, ``logic/feature.py``): no value too long for the search index.

Solr keeps a value of a ``string`` field (``title_string``, ``url``, every
standard field indexed through the ``*`` dynamic field, ...) as one term and
refuses a document with a term over 32,766 UTF-8 bytes: the whole write then
failed with a 500 ("Unable to add package to search index"). Here each such
value is cut to ``MAX_TERM_BYTES`` (at a character boundary) in the index
only; the stored dataset (``validated_data_dict``, the database) keeps it
whole. Tokenised text fields (``notes``, ``text``, ``res_description``,
``extras_*`` ...) and the stored-only dataset dicts are left alone.
"""
from __future__ import annotations

#: Longest value of a one-term field, in UTF-8 bytes (Solr's limit is 32,766).
MAX_TERM_BYTES = 8000

#: Fields of the ``ckan`` core that are tokenised or stored only (solr/configset/ckan/conf/schema.xml).
UNLIMITED = frozenset({
    "title", "notes", "author", "author_email", "maintainer", "maintainer_email",
    "res_name", "res_description", "text", "urls", "title_ngram", "name_ngram",
    "depends_on", "dependency_of", "derives_from", "has_derivation", "links_to",
    "linked_from", "child_of", "parent_of", "data_dict", "validated_data_dict",
})
UNLIMITED_PREFIXES = ("extras_", "res_extras_")


def cut(value: str, limit: int = MAX_TERM_BYTES) -> str:
    raw = value.encode("utf-8", "surrogatepass")
    if len(raw) <= limit:
        return value
    return raw[:limit].decode("utf-8", "ignore")


def index_fields(pkg_dict) -> dict:
    out = {}
    for key, value in pkg_dict.items():
        if key in UNLIMITED or key.startswith(UNLIMITED_PREFIXES):
            continue
        if isinstance(value, str):
            short = cut(value)
            if short is not value:
                out[key] = short
        elif isinstance(value, list) and any(isinstance(v, str) for v in value):
            items = [cut(v) if isinstance(v, str) else v for v in value]
            if any(a is not b for a, b in zip(items, value)):
                out[key] = items
    return out
