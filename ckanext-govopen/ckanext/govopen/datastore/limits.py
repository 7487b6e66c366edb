"""Row caps and rate limits for anonymous callers of the Data API.

Anonymous callers (no login, no API token) of

- ``datastore_search`` over the Action API (``/api/[3/]action/datastore_search``,
  GET or POST) and the grid's ``/datatables/ajax/<view>`` ("queries"), and
- the dump routes (``/datastore/dump/<id>`` in every format, the grid's
  ``/datatables/filtered-download/<view>``) ("downloads")

get at most ``govopen.datastore.anon_queries_per_minute`` queries and
``govopen.datastore.anon_downloads_per_minute`` downloads a minute per client
address, counted in Redis (one fixed window a minute, shared by every gunicorn
worker); beyond that: HTTP 429 with ``Retry-After`` and a zh/en message saying
the limit and when to retry. An Action API ``datastore_search`` asking more than
``govopen.datastore.anon_max_rows`` rows is refused with HTTP 400 (without a
``limit``, CKAN's default of 100 is cut to the cap); a dump of more than
``govopen.datastore.anon_dump_max_rows`` rows likewise (0: no cap). Logged-in
users (the departments, sysadmins, approved requesters) are not capped. A
limit of 0 turns that limit off.

Checked before any view runs (this blueprint's ``before_app_request`` is
ordered before the XLSX dump's), so no row is read for a refused call.
"""
from __future__ import annotations

import json
import math
from typing import Optional

import flask

import ckan.plugins.toolkit as tk
from ckan.views.api import _get_request_data

from ckanext.govopen.common import count_in_window
from ckanext.govopen.messages import both, joined

from . import messages

blueprint = flask.Blueprint("govopen_datastore_limits", __name__)

API = "api.action"
QUERY_ENDPOINTS = ("datatablesview.ajax",)
DUMP_ENDPOINTS = ("datastore.dump", "datatablesview.filtered_download")
WINDOW = 60
#: flask.g: the row cap of this (anonymous Action API) request, read by ``cap_limit``
CAP_KEY = "govopen_anon_row_cap"
DEFAULT_LIMIT = 100                     # CKAN's datastore_search default


def _option(name: str, default: int) -> int:
    try:
        return max(0, int(tk.config.get(name, default)))
    except (TypeError, ValueError):
        return default


def _anonymous() -> bool:
    return not tk.current_user.is_authenticated


def _client() -> str:
    return tk.request.remote_addr or "unknown"


def _count(kind: str, limit: int) -> Optional[int]:
    """One more call of ``kind`` by this client; the seconds to wait when over ``limit``."""
    wait = count_in_window("datastore_limit:" + kind, _client(), limit, WINDOW)
    return None if wait is None else max(1, math.ceil(wait))


def _api_refusal(status: int, message: dict, **extra):
    body = {"help": tk.request.url, "success": False,
            "error": {"__type": "Too Many Requests" if status == 429 else "Validation Error",
                      "message": joined(message), **both(message), **extra}}
    return flask.Response(json.dumps(body, ensure_ascii=False), status=status,
                          mimetype="application/json")


def _text_refusal(status: int, message: dict):
    return flask.Response(joined(message) + "\n", status=status, mimetype="text/plain")


def _too_many(is_api: bool, kind: str, limit: int, retry: int):
    message = messages.message("too_many_" + kind, max=limit, seconds=retry)
    response = (_api_refusal(429, message, limit=limit, retry_after=retry) if is_api
                else _text_refusal(429, message))
    response.headers["Retry-After"] = str(retry)
    return response


def _api_params() -> dict:
    try:
        data = _get_request_data(try_url_params=True)
    except (ValueError, TypeError):
        return {}                        # CKAN answers the malformed request itself
    return data if isinstance(data, dict) else {}


def _asked_rows(value) -> Optional[int]:
    if isinstance(value, list):
        value = value[-1] if value else None
    try:
        return int(value) if value is not None and str(value).strip() != "" else None
    except (TypeError, ValueError):
        return None                      # CKAN's own validation refuses it


def _rate(kind: str, option: str, default: int, is_api: bool):
    """One more call of ``kind`` against its per-minute limit: a 429 when over it, else None."""
    limit = _option(option, default)
    retry = _count(kind, limit) if limit else None
    return _too_many(is_api, kind, limit, retry) if retry else None


def _search_call(is_api: bool):
    refused = _rate("query", "govopen.datastore.anon_queries_per_minute", 120, is_api)
    if refused is not None:
        return refused
    if not is_api:
        return None
    cap = _option("govopen.datastore.anon_max_rows", 1000)
    if not cap:
        return None
    asked = _asked_rows(_api_params().get("limit"))
    if asked is not None and asked > cap:
        return _api_refusal(400, messages.message("too_many_rows", max=cap, asked=asked), limit=cap)
    setattr(flask.g, CAP_KEY, cap)
    return None


def _dump_rows(resource_id: str) -> Optional[int]:
    """The rows a dump of ``resource_id`` would hand over (None: CKAN will refuse it)."""
    args = tk.request.args
    params = {"resource_id": resource_id, "limit": 0, "include_total": True}
    try:
        for name in ("filters", "q"):
            if args.get(name):
                value = args[name]
                params[name] = json.loads(value) if name == "filters" or value.lstrip()[:1] == "{" else value
        total = tk.get_action("datastore_search")({"user": ""}, params)["total"]
        offset = max(0, int(args.get("offset") or 0))
        limit = int(args["limit"]) if args.get("limit") else None
    except (ValueError, TypeError, tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None
    rows = max(0, total - offset)
    return rows if limit is None else min(rows, max(0, limit))


def _dump_call(endpoint: str):
    refused = _rate("download", "govopen.datastore.anon_downloads_per_minute", 30, False)
    if refused is not None:
        return refused
    cap = _option("govopen.datastore.anon_dump_max_rows", 0)
    if cap and endpoint == "datastore.dump":
        rows = _dump_rows((tk.request.view_args or {}).get("resource_id") or "")
        if rows is not None and rows > cap:
            return _text_refusal(400, messages.message("dump_too_many_rows", max=cap, rows=rows))
    return None


@blueprint.before_app_request
def limit_anonymous():
    request = tk.request
    endpoint = request.endpoint or ""
    is_api = endpoint == API and (request.view_args or {}).get("logic_function") == "datastore_search"
    if not (is_api or endpoint in QUERY_ENDPOINTS or endpoint in DUMP_ENDPOINTS) or not _anonymous():
        return None
    if endpoint in DUMP_ENDPOINTS:
        return _dump_call(endpoint)
    return _search_call(is_api)


def cap_limit(data_dict: dict) -> dict:
    """``datastore_search``'s parameters with the anonymous row cap of this request
    applied to a missing ``limit`` (an asked one above it was refused already)."""
    cap = getattr(flask.g, CAP_KEY, None) if flask.has_request_context() else None
    if cap and data_dict.get("limit") in (None, ""):
        return dict(data_dict, limit=min(DEFAULT_LIMIT, cap))
    return data_dict


def get_blueprint():
    return blueprint
