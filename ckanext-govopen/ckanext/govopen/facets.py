"""What the dataset search page offers to narrow by, and how it labels it.

``IFacets`` hands off here: CKAN's default facets stay, and the search page
adds the validation status (the Solr field ``validation_status`` that
validation's index hook writes) and the standard's coded fields that
are indexed as plain strings (open type, theme, update frequency, and the
region: ``spatial_code``, GB/T 2260). CKAN's own department (``organization``)
and format (``res_format``) facets are kept and titled in the reader's
language; their values are already readable (department titles, formats).

Solr holds codes (``invalid``, ``urban_housing``); ``label_search`` (a
search hook) turns them into the reader's language (zh or en) and puts
each result's validation status on it for the badge in the result list.
"""
from __future__ import annotations

from ckanext.govopen.common import current_lang
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.messages import N_, declare, render
from ckanext.govopen.standard import loader

#: Facet field -> vocabulary of the standard whose labels name its values.
VOCABULARY_FACETS = {"effective_open_type": "open_type", "theme": "theme", "update_frequency": "update_frequency",
                     "spatial_code": "gb2260"}

#: The open type facet counts what the public really gets: the verdict's open
#: type (``verdict.hooks.INDEX_FIELD``), not the declared one.
VERDICT_FACET = "effective_open_type"

#: CKAN's own facets that govopen titles in the reader's language (their values need no labels).
CKAN_FACET_TITLES = {
    "organization": declare("facets.organization", N_("Departments")),
    "res_format": declare("facets.res_format", N_("Formats")),
}

VALIDATION_FACET = "validation_status"
VALIDATION_TITLE = declare("facets.validation", N_("Validation"))
#: The states validation.status reports for a dataset (``none``: it has no tables).
VALIDATION_LABELS = {
    "valid": declare("facets.validation_valid", N_("validation facet|Valid")),
    "invalid": declare("facets.validation_invalid", N_("validation facet|Invalid")),
    "error": declare("facets.validation_error", N_("validation facet|Not validated")),
    "pending": declare("facets.validation_pending", N_("validation facet|Validating")),
    "settings_invalid": declare("facets.validation_settings_invalid", N_("validation facet|Settings invalid")),
    "none": declare("facets.validation_none", N_("No tables")),
}


def facet_titles(lang: str) -> dict:
    """``{field: title}`` of the facets govopen adds, in ``lang``."""
    titles = {field: render(title(), lang) for field, title in CKAN_FACET_TITLES.items()}
    titles[VALIDATION_FACET] = render(VALIDATION_TITLE(), lang)
    for field, vocabulary in VOCABULARY_FACETS.items():
        named = vocabulary if field == VERDICT_FACET else field
        titles[field] = loader.field_label(named, lang) if loader.schema_field(named) \
            else loader.vocabulary_label(vocabulary, lang)
    return titles


def value_label(field: str, code: str, lang: str) -> str:
    """The readable name of one facet value; the code itself when unknown."""
    if field == VALIDATION_FACET:
        return render(VALIDATION_LABELS[code](), lang) if code in VALIDATION_LABELS else code
    return loader.label(VOCABULARY_FACETS[field], code, lang)


def govopen_validation_label(state: str) -> str:
    """A table's validation state in the reader's words (its badge: the facet's labels)."""
    return value_label(VALIDATION_FACET, state, current_lang())


def _add(facets_dict):
    for field, title in facet_titles(current_lang()).items():
        facets_dict[field] = title
    return facets_dict


# --- IFacets ------------------------------------------------------------------------------

def dataset_facets(facets_dict, package_type):
    return _add(facets_dict)


def organization_facets(facets_dict, organization_type, package_type):
    return _add(facets_dict)


def group_facets(facets_dict, group_type, package_type):
    return _add(facets_dict)


# --- the search hook -------------------------------------------------------------------

#: CKAN's facets whose values the standard names in both languages (CKAN's
#: title stays): the licence register's titles are Chinese only.
VALUE_VOCABULARIES = {"license_id": "licenses"}


def label_search(search_results, search_params) -> None:
    """Readable facet values, and ``validation_status`` on each result (for its badge)."""
    lang = current_lang()
    for field, facet in (search_results.get("search_facets") or {}).items():
        if field in VALUE_VOCABULARIES:
            for item in facet.get("items") or []:
                if loader.entry(VALUE_VOCABULARIES[field], item.get("name")) is not None:
                    item["display_name"] = loader.label(VALUE_VOCABULARIES[field], item.get("name"), lang)
            continue
        if field != VALIDATION_FACET and field not in VOCABULARY_FACETS:
            continue
        for item in facet.get("items") or []:
            item["display_name"] = value_label(field, item.get("name"), lang)
    for result in search_results.get("results") or []:
        if isinstance(result, dict) and "resources" in result:
            result[VALIDATION_FACET] = indexed_status(result)


#: Worst first, as validation.status.dataset_status decides for the index.
WORST_FIRST = ("invalid", "error", "settings_invalid", "pending")


def indexed_status(result: dict) -> str:
    """A result's validation status from its tables' states as indexed with it.

    The same moment as the facet's counts (both come from the index), and no
    database query per result, so large ``package_search`` pages stay cheap.
    """
    states = [r.get(VALIDATION_FACET) for r in result.get("resources") or []
              if isinstance(r, dict) and r.get(VALIDATION_FACET) and r.get("state") != "deleted"]
    if not states:
        return "none"
    return next((s for s in WORST_FIRST if s in states), "valid")


#: the search page's labels (the facets themselves: ``IFacets``, in plugin.py)
FEATURE = Feature("search", search_hooks=(Hook(label_search, 10),),
                  helpers={"govopen_validation_label": govopen_validation_label})
