"""What a caller may ask Solr for through ``package_search`` (and so the
search pages, ``/catalog.*``, feeds): checked in ``before_dataset_search``,
which CKAN runs on every call of its ``package_search`` function, also the
ones that bypass the action chain.

- ``fl`` takes only plain names from ``RESULT_FIELDS``, stored fields that
  hold nothing a dataset page would not show to anyone who can find the
  dataset. Anything else (an alias ``vdd:validated_data_dict``, a transformer
  ``[json]``, a function, a glob ``*``, ``data_dict``, ``res_url``, ...) is
  refused: a stored dataset dict carries restricted file locations, and an
  alias or transformer renames a field past any check at the exit.
- ``facet.field``, ``sort``, ``qf``, ``bf`` and ``boost`` name fields: plain
  names only (no local parameters ``{!...}``, no functions in ``sort``), and
  none that holds a location or a stored dataset dict (``DENIED``).
- ``defType`` is one of CKAN's query parsers (``dismax``, ``edismax``,
  ``lucene``); ``wt`` only ``json`` (what CKAN reads back).

``q`` and ``fq`` local parameters and Solr's magic fields are refused by
CKAN's own query code (``ckan.search.solr_allowed_query_parsers``, empty).

A refusal is a ``ValidationError`` naming the parameter and the field, in the
caller's language (zh or en): the Action API answers 409; it is also a
``SearchQueryError``, so the search page answers 400 instead of failing.
"""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchQueryError

from ckanext.govopen.access import policy
from ckanext.govopen.messages import N_, declare, render

#: The fields ``fl`` may return (stored in the ``ckan`` core's schema, none a location).
RESULT_FIELDS = frozenset({
    "id", "name", "title", "notes", "owner_org", "organization", "groups", "tags",
    "license", "license_id", "version", "dataset_type", "state", "capacity",
    "metadata_created", "metadata_modified", "res_name", "res_description",
    "res_format", "res_type", "score",
})

#: Fields no parameter may name: stored dataset dicts, locations, Solr internals.
DENIED = frozenset({
    "data_dict", "validated_data_dict", "res_url", "url", "urls", "download_url", "ckan_url",
    "permission_labels", "index_id", "site_id", "_version_",
})

QUERY_PARSERS = frozenset({"dismax", "edismax", "lucene"})
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SEPARATORS = re.compile(r"[,\s]+")
_SORT_CLAUSE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s+(asc|desc)$", re.I)
_QF_TERM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\^[0-9]+(\.[0-9]+)?)?$")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

MESSAGES = {
    "fl": declare("search.fl", N_("fl may list only these fields: {allowed}; “{field}” is not allowed.")),
    "field": declare("search.field", N_(
        "{param} cannot use “{field}”: only plain field names are allowed, and not a file "
        "location or a stored dataset field.")),
    "sort": declare("search.sort", N_(
        "“{field}” is not a valid sort: use “field asc” or “field desc”, separated by commas.")),
    "value": declare("search.value", N_("{param} does not accept “{field}”; allowed: {allowed}.")),
    "type": declare("search.type", N_("{param} must be a string or a list of strings.")),
}


class SearchParameterError(tk.ValidationError, SearchQueryError):
    """A refused search parameter: 409 from the Action API, 400 from the search page."""

    def __init__(self, error_dict):
        tk.ValidationError.__init__(self, error_dict)


def _refuse(param: str, key: str, **values):
    raise SearchParameterError({param: [render(MESSAGES[key](param=param, **values))]})


def _strings(param: str, value) -> list:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    if not all(isinstance(item, str) for item in items):
        _refuse(param, "type")
    return list(items)


def is_denied(name: str) -> bool:
    low = name.lower()
    if low in DENIED:
        return True
    if low.startswith("res_extras_"):
        low = low[len("res_extras_"):]
    elif low.startswith("extras_"):
        low = low[len("extras_"):]
    return policy.is_location_key(low)


def check_fl(value) -> None:
    for item in _strings("fl", value):
        for field in filter(None, _SEPARATORS.split(item)):
            if field not in RESULT_FIELDS:
                _refuse("fl", "fl", field=field, allowed=", ".join(sorted(RESULT_FIELDS)))


def check_facet_fields(value) -> None:
    for field in _strings("facet.field", value):
        if not _NAME.match(field) or is_denied(field):
            _refuse("facet.field", "field", field=field)


def check_sort(value) -> None:
    for item in _strings("sort", value):
        if item.strip() in ("", "rank"):
            continue
        for clause in item.split(","):
            match = _SORT_CLAUSE.match(clause.strip())
            if not match:
                _refuse("sort", "sort", field=clause.strip())
            if is_denied(match.group(1)):
                _refuse("sort", "field", field=match.group(1))


def check_qf(value) -> None:
    for item in _strings("qf", value):
        for term in filter(None, item.split()):
            match = _QF_TERM.match(term)
            if not match or is_denied(match.group(1)):
                _refuse("qf", "field", field=term)


def check_functions(param: str, value) -> None:
    """``bf``/``boost``: function queries; no local parameters, no denied field."""
    for item in _strings(param, value):
        if "{!" in item or "$" in item:
            _refuse(param, "field", field=item)
        for name in _IDENTIFIER.findall(item):
            if is_denied(name):
                _refuse(param, "field", field=name)


def check_choice(param: str, value, allowed) -> None:
    for item in _strings(param, value):
        if item not in allowed:
            _refuse(param, "value", field=item, allowed=", ".join(sorted(allowed)))


def check(search_params: dict) -> dict:
    """``before_dataset_search``: refuse what may not reach Solr; returns the params."""
    check_fl(search_params.get("fl"))
    check_facet_fields(search_params.get("facet.field"))
    check_sort(search_params.get("sort"))
    check_qf(search_params.get("qf"))
    for param in ("bf", "boost"):
        check_functions(param, search_params.get(param))
    check_choice("defType", search_params.get("defType"), QUERY_PARSERS)
    check_choice("wt", search_params.get("wt"), {"json"})
    return search_params
