"""Take restricted datasets' file locations out of everything CKAN hands out.

- ``strip_shown`` (show hook): package_show, and so resource_show, the
  dataset and resource pages, ckanext-dcat's per-dataset outputs (any profile).
- ``package_search`` (chained action): search results for the caller, whether
  full dicts or raw ``fl`` fields (``data_dict``/``validated_data_dict``), so
  also /catalog.*, /data.json, feeds, organization and group listings.
  ``search_params`` refuses those fields (and aliases, transformers, location
  fields) in ``fl`` before Solr is asked; stripping them here stays as a
  second line.
- ``index_fields`` (index hook): the search index never holds a restricted
  location in a searchable or facetable field (``res_url``, ``url``,
  ``urls``, ``text``, ``res_extras_*``), so no query, facet or prefix probe can
  recover one. The stored ``validated_data_dict`` keeps them: package_show
  reads it as its cache and the department must get its URLs back.
- ``resource_view_show`` / ``resource_view_list`` (chained actions): a view's
  configured URL (image_url, page_url) is a location too.
"""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk

from . import grants, locations, policy


# --- package_show -------------------------------------------------------------------

def strip_shown(context, pkg_dict):
    """Show hook: no file locations for callers without access."""
    if not grants.has_file_access(context, pkg_dict):
        policy.strip_dataset(pkg_dict)


# --- package_search -----------------------------------------------------------------

RAW_DICT_FIELDS = ("data_dict", "validated_data_dict")


def _strip_raw(context, result: dict):
    """An ``fl`` result: strip inside the stored JSON it carries, if any."""
    for field in RAW_DICT_FIELDS:
        raw = result.get(field)
        if not isinstance(raw, str):
            continue
        try:
            inner = json.loads(raw)
        except ValueError:
            result[field] = ""
            continue
        if isinstance(inner, dict) and not grants.has_file_access(context, inner):
            result[field] = json.dumps(policy.strip_dataset(inner))


def strip_search_results(context, search_results: dict):
    for result in search_results.get("results") or []:
        if not isinstance(result, dict):
            continue
        if "resources" in result and "id" in result:
            if not grants.has_file_access(context, result):
                policy.strip_dataset(result)
        else:
            _strip_raw(context, result)
    locations.show_search_locations(context, search_results.get("results") or [])


@tk.side_effect_free
@tk.chained_action
def package_search(original, context, data_dict):
    search_results = original(context, data_dict)
    strip_search_results(context, search_results)
    return search_results



# --- the search index ---------------------------------------------------------------

def index_fields(pkg_dict) -> dict:
    """Index hook: blanked location fields for a restricted dataset."""
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or pkg_dict.get("data_dict") or "{}")
    except ValueError:
        dataset = {}
    if not policy.is_restricted(dataset):
        return {}
    files = policy.file_locations(dataset)
    out = {}
    for key, value in pkg_dict.items():
        if key in ("res_url", "urls", "download_url", "ckan_url"):
            out[key] = [""] * len(value) if isinstance(value, list) else ""
        elif key.startswith("res_extras_") and policy.is_location_key(key[len("res_extras_"):]):
            out[key] = [""] * len(value) if isinstance(value, list) else ""
        elif key == "url" and isinstance(value, str) and value.strip() in files:
            out[key] = ""
        elif isinstance(value, str) and key not in RAW_DICT_FIELDS and any(f in value for f in files):
            # e.g. an extra repeating a file URL: searchable through ``text``
            out[key] = ""
    return out


# --- resource views -----------------------------------------------------------------

def _strip_views(context, views: list) -> list:
    """Views of one resource (``resource_view_list``) or one view: no location of their
    own for callers without file access; their kept locations back for those with it.
    The dataset and the kept locations are read once for the lot."""
    shown = [v for v in views if isinstance(v, dict) and v.get("package_id")]
    if not shown:
        return views
    dataset = _dataset(context, shown[0]["package_id"])
    if dataset is None:
        return views
    if not grants.has_file_access(context, dataset):
        for view in shown:
            for key in list(view):
                if policy.is_location_key(key):
                    view[key] = ""
    elif not context.get("ignore_auth") and not context.get("for_update"):
        kept = locations.stored({v["resource_id"] for v in shown if v.get("resource_id")})
        for view in shown:
            locations.restore_view(view, kept)   # the view's own locations, kept apart (access.locations)
    return views


def _dataset(context, package_id):
    try:
        return tk.get_action("package_show")(
            {"ignore_auth": True, "user": context.get("user")}, {"id": package_id})
    except tk.ObjectNotFound:
        return None


@tk.side_effect_free
@tk.chained_action
def resource_view_show(original, context, data_dict):
    return _strip_views(context, [original(context, data_dict)])[0]


@tk.side_effect_free
@tk.chained_action
def resource_view_list(original, context, data_dict):
    return _strip_views(context, list(original(context, data_dict)))



# --- other reads that return resources ----------------------------------------------

@tk.side_effect_free
@tk.chained_action
def current_package_list_with_resources(original, context, data_dict):
    # CKAN calls its own package_search function directly, past the chain.
    results = original(context, data_dict)
    strip_search_results(context, {"results": results})
    return results



def _query_fields(data_dict):
    query = data_dict.get("query") or []
    if isinstance(query, str):
        query = [query]
    return [str(q).split(":", 1)[0] for q in query if ":" in str(q)]


@tk.side_effect_free
@tk.chained_action
def resource_search(original, context, data_dict):
    """CKAN's resource_search, with restricted locations hidden; a query on a
    location field (``url:...``) leaves out restricted resources altogether,
    so the match count cannot be used to guess a hidden URL."""
    datasets = {}

    def access(resource):
        pid = resource.get("package_id")
        if pid not in datasets:
            datasets[pid] = _dataset(context, pid) or {}
        return grants.has_file_access(context, datasets[pid])

    if any(policy.is_location_key(f) for f in _query_fields(data_dict)):
        offset = int(data_dict.get("offset") or 0)
        limit = data_dict.get("limit")
        found = original(context, dict(data_dict, offset=None, limit=None))
        kept = [r for r in found["results"] if access(r)]
        end = offset + int(limit) if limit not in (None, "") else None
        return {"count": len(kept), "results": kept[offset:end]}
    found = original(context, data_dict)
    for res in found.get("results") or []:
        if isinstance(res, dict) and not access(res):
            policy.strip_resource(res)
    return found


# --- API help ------------------------------------------------------------------------

NOTE = ("\n    govopen: resource locations (url, download links) of datasets that are not "
        "unconditionally open are\n    returned empty to callers without access "
        "(see govopen_access_request_create); datasets the caller\n    may not see are "
        "left out.\n")


def _document(chained, core_name):
    """CKAN's help for a chained action shows the chain's ``__doc__`` attribute
    (copied from our function's ``__dict__``): keep CKAN's text, add ours."""
    import ckan.logic.action.get as core
    chained.__dict__["__doc__"] = (getattr(core, core_name).__doc__ or "") + NOTE


for _fn, _name in ((package_search, "package_search"),
                   (resource_view_show, "resource_view_show"),
                   (resource_view_list, "resource_view_list"),
                   (resource_search, "resource_search"),
                   (current_package_list_with_resources, "current_package_list_with_resources")):
    _document(_fn, _name)


# --- auth of the chained actions --------------------------------------------------------

@tk.auth_allow_anonymous_access
@tk.chained_auth_function
def unchanged_auth(next_auth, context, data_dict):
    """The chained reads above change what is returned, not who may call them:
    CKAN's own auth decides (registered so every govopen action has an auth)."""
    return next_auth(context, data_dict)
