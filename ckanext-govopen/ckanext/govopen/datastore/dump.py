"""``/datastore/dump/<resource_id>`` (CSV, TSV, JSON, XML): CKAN's own view, made
to answer every ``q`` and never a 500.

- a text ``q`` (``q=公交``): CKAN adds the query's ``rank`` column to the rows;
  in CSV it becomes an extra column, in JSON it breaks the SQL ("Query is not a
  single statement"). ``fields`` is set to the table's own columns, so the dump
  has exactly the table's columns and the matching rows;
- a column ``q`` (``q={"列名":"词"}``) likewise; CKAN asks it as PostgreSQL text
  search on the column, which does not segment Chinese: it finds a whole cell
  (``{"区": "朝阳区"}``) or a space-separated word of it, not a word inside a cell.
  A column the table does not have, or words that are not text, is a 400;
- a bad parameter (malformed JSON, an unknown column in ``filters``, ``q``,
  ``sort`` or ``fields``, a SQL fragment) is a 400 with a zh/en message; CKAN's
  view raised the ``ValidationError`` of its first page as a 500.

The XLSX dump (``xlsx``) reads its parameters through ``read_args`` and
``with_fields`` too.
"""
from __future__ import annotations

import flask
from werkzeug.datastructures import ImmutableMultiDict

import ckan.lib.navl.dictization_functions as dict_fns
import ckan.plugins.toolkit as tk
from ckanext.datastore import blueprint as ckan_dump
from ckanext.datastore.blueprint import dump_schema

from ckanext.govopen.messages import joined

from . import messages

blueprint = flask.Blueprint("govopen_datastore_dump", __name__)
ENDPOINT = "datastore.dump"


def refuse(status: int, key: str, **params):
    return flask.Response(joined(messages.message(key, **params)) + "\n", status=status,
                          mimetype="text/plain")


def detail(error_dict) -> str:
    if not isinstance(error_dict, dict):
        return str(error_dict)[:300]
    return "; ".join(f"{k}: {' '.join(map(str, e if isinstance(e, list) else [e]))}"
                     for k, e in error_dict.items())[:500]


def read_args(args: dict):
    """CKAN's dump parameters, validated: ``(data, None)`` or ``(None, a 400 response)``."""
    fmt = args.get("format")
    if fmt is not None and fmt not in ckan_dump.DUMP_FORMATS:
        # CKAN's one_of() fails formatting its own message for this (a 500)
        return None, refuse(400, "dump_bad_param", detail="format: " + ", ".join(ckan_dump.DUMP_FORMATS + ("xlsx",)))
    data, errors = dict_fns.validate(args, dump_schema())
    if errors:
        return None, refuse(400, "dump_bad_param", detail=detail(errors))
    if data.get("limit") is not None and data["limit"] < 0 or data["offset"] < 0:
        return None, refuse(400, "dump_bad_param", detail="limit, offset >= 0")
    return data, None


def table_fields(context: dict, resource_id: str) -> list:
    """The table's own column names (no ``rank``), in order."""
    info = tk.get_action("datastore_search")(dict(context), {"resource_id": resource_id, "limit": 0})
    return [f["id"] for f in info["fields"]]


def _invalid_q(key: str, **params):
    raise tk.ValidationError({"q": [joined(messages.message(key, **params))]})


def with_fields(context: dict, resource_id: str, params: dict) -> dict:
    """The search parameters with ``fields`` set when a ``q`` would add ``rank``
    columns; a column ``q`` naming no column of the table, or not text, refused."""
    q = params.get("q")
    if not q or (isinstance(q, str) and not q.strip()):
        return params
    fields = table_fields(context, resource_id)
    if isinstance(q, dict):
        for column, words in q.items():
            if column not in fields or column.startswith("_"):
                _invalid_q("q_unknown_column", column=str(column)[:100])
            if not isinstance(words, str):
                _invalid_q("q_not_text", column=column)
    return params if params.get("fields") else dict(params, fields=fields)


def _context() -> dict:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def dump(resource_id: str):
    args = tk.request.args.to_dict()
    data, refusal = read_args(args)
    if refusal is not None:
        return refusal
    try:
        search = with_fields(_context(), resource_id, {k: data[k] for k in ("q", "fields") if k in data})
        if search.get("fields") and "fields" not in args:
            args["fields"] = ",".join(search["fields"])
            tk.request.args = ImmutableMultiDict(args)
        return ckan_dump.dump(resource_id)
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return refuse(404, "dump_not_found")
    except tk.ValidationError as e:
        return refuse(400, "dump_bad_param", detail=detail(e.error_dict))


@blueprint.before_app_request
def intercept():
    request = tk.request
    if request.endpoint == ENDPOINT and (request.args.get("format") or "").lower() != "xlsx":
        return dump((request.view_args or {}).get("resource_id") or "")
    return None


def get_blueprint():
    return blueprint
