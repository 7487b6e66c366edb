"""Who may read a DataStore table, and that nobody writes one through the API.

Everything readable the ``datastore`` plugin adds goes through the auth of
``datastore_search`` or ``datastore_info``: the actions, ``/datastore/dump/<id>``,
``/datastore/api_info/<id>``, the data dictionary helper, and the
``datatables_view`` grid (``/datatables/ajax/<view>``, ``.../filtered-download/<view>``).
``datastore_search_sql`` is off (``ckan.datastore.sqlsearch.enabled = false``);
its auth is chained all the same, per table named in the query.

- reads: CKAN's rule first (may ``resource_show``); then the one verdict:
  rows of a table that is not unconditionally open only for those who may have
  the dataset's files (``access.grants``: the department, sysadmins, approved
  requesters). A missing resource, or one whose dataset the caller may not
  see, is "not found" like everywhere else (``logic.existence``).
- writes (``datastore_create``, ``_upsert``, ``_delete``, ...): sysadmins only
  (they pass every auth function); tables are loaded by the content pipeline.
"""
from __future__ import annotations

import psycopg2
from sqlalchemy import exc as sa_exc

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.access import grants
from ckanext.govopen.logic import existence
from ckanext.govopen.messages import joined

from . import fulltext, grid, limits, messages, store

READS = ("datastore_search", "datastore_info")
SQL = "datastore_search_sql"
WRITES = ("datastore_create", "datastore_upsert", "datastore_delete", "datastore_records_delete",
          "datastore_change_permissions", "datastore_function_create", "datastore_function_delete",
          "datastore_run_triggers")
#: read action -> the parameters that name its table
TARGETS = {"datastore_search": ("resource_id", "id"), "datastore_info": ("resource_id", "id")}


def may_read_rows(context, resource_id) -> bool:
    """May the caller read the rows of this resource's table?"""
    resource = model.Resource.get(resource_id) if isinstance(resource_id, str) and resource_id else None
    if resource is None or resource.package_id is None or resource.state == "deleted":
        return False
    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": resource.package_id})
    return grants.has_file_access(context, dataset)


def _refused(key):
    return {"success": False, "msg": joined(messages.message(key))}


@tk.auth_allow_anonymous_access
@tk.chained_auth_function
def rows_auth(next_auth, context, data_dict):
    """datastore_search / datastore_info: CKAN's check, then the verdict's."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    data_dict = data_dict if isinstance(data_dict, dict) else {}
    rid = data_dict.get("resource_id") or data_dict.get("id")
    return result if may_read_rows(context, rid) else _refused("rows_refused")


@tk.auth_allow_anonymous_access
@tk.chained_auth_function
def sql_auth(next_auth, context, data_dict):
    """datastore_search_sql (off): every table in the query, as datastore_search."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    names = context.get("table_names") or []
    return result if names and all(may_read_rows(context, n) for n in names) else _refused("rows_refused")


@tk.chained_auth_function
def write_auth(next_auth, context, data_dict):
    """Refused to everyone; sysadmins never reach an auth function."""
    return _refused("write_refused")


def chained_auth_functions() -> dict:
    return {**{name: rows_auth for name in READS}, SQL: sql_auth, **{name: write_auth for name in WRITES}}


def _passthrough(name):
    def action(original, context, data_dict):
        return original(context, data_dict)
    action.__name__ = name
    return tk.side_effect_free(tk.chained_action(action))


@tk.side_effect_free
@tk.chained_action
def datastore_search(original, context, data_dict):
    """A text ``q`` cut as the load cut the rows (``fulltext``: Chinese in pairs), refused
    with "being prepared" while the table has no full text yet (``store.load``'s first phase);
    an anonymous API call's row cap (``limits``); a value PostgreSQL cannot read as its
    column's type is a ValidationError, not a 500."""
    if isinstance(data_dict, dict):
        if data_dict.get("q") and store.full_text_pending(str(data_dict.get("resource_id") or "")):
            # the table's first phase (store.load): its _full_text is still empty
            raise tk.ValidationError({"q": [joined(messages.message("full_text_pending"))]})
        data_dict = limits.cap_limit(fulltext.rewrite(data_dict, grid.grid_search_text()))
    try:
        return original(context, data_dict)
    except (psycopg2.DataError, sa_exc.DataError):
        # a filter value that is not of its column's type (CKAN lets PostgreSQL refuse it: a 500)
        raise tk.ValidationError({"filters": [joined(messages.message("bad_value"))]}) from None


def chained_actions() -> dict:
    """datastore_search / datastore_info: "not found" for a missing or hidden resource;
    datastore_search's ``q`` in Chinese."""
    inner = {"datastore_search": datastore_search, "datastore_info": _passthrough("datastore_info")}
    return {name: existence.hide_existence(
        inner[name], tuple((param, existence.RESOURCE) for param in params))
        for name, params in TARGETS.items()}
