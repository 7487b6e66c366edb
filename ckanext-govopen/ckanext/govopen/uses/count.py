"""The hot path: one Redis ``HINCRBY`` per counted call, after it succeeded.

Counted (``after_app_request``, so only what was answered, by any gunicorn
worker into the one Redis hash):

- a download: CKAN's resource download route (2xx, or its redirect to a
  linked file), a dump ``/datastore/dump/<id>`` in every format, the grid's
  ``/datatables/filtered-download/<view>``;
- an API call: ``datastore_search`` over the Action API, answered 200.
  (``datastore_search_sql`` is off on this site, ``ckan.datastore.sqlsearch.enabled``;
  it names its tables inside the SQL, so it is not counted.)

Counted by resource id, as given; which dataset it belongs to, and whether that
dataset may be counted at all, is decided when the counts are flushed
(``flush``), so a request costs one Redis round trip and no database read. A
failure here is logged and never changes the answer.
"""
from __future__ import annotations

import logging
from typing import Optional

import flask

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from ckan.views.api import _get_request_data

from ckanext.govopen import common

log = logging.getLogger(__name__)

blueprint = flask.Blueprint("govopen_uses", __name__)

DOWNLOAD, API_CALL = "d", "a"
DUMP_ENDPOINTS = ("datastore.dump",)
GRID_DOWNLOAD = "datatablesview.filtered_download"
API_ACTIONS = ("datastore_search",)


def pending_key() -> str:
    """The Redis hash of counts not flushed yet: ``<kind>:<resource_id>`` -> count."""
    return common.redis_key("uses", "pending")


def _is_resource_download(endpoint: str) -> bool:
    blueprint_name, _, view = endpoint.rpartition(".")
    return view == "download" and (blueprint_name == "resource" or blueprint_name.endswith("_resource"))


def _api_resource_id() -> Optional[str]:
    try:
        data = _get_request_data(try_url_params=True)
    except (ValueError, TypeError):
        return None
    value = data.get("resource_id") if isinstance(data, dict) else None
    if isinstance(value, list):
        value = value[-1] if value else None
    return value if isinstance(value, str) and value else None


def _grid_resource_id(view_id: str) -> Optional[str]:
    view = model.ResourceView.get(view_id) if view_id else None
    return view.resource_id if view is not None else None


def counted(request, response) -> Optional[tuple]:
    """``(kind, resource_id)`` when this answered request is a use, else None."""
    if request.method not in ("GET", "POST"):
        return None
    endpoint = request.endpoint or ""
    args = request.view_args or {}
    status = response.status_code
    if endpoint == "api.action":
        if args.get("logic_function") not in API_ACTIONS or status != 200:
            return None
        rid = _api_resource_id()
        return (API_CALL, rid) if rid else None
    if not (200 <= status < 400) or status == 304:
        return None
    if endpoint in DUMP_ENDPOINTS or _is_resource_download(endpoint):
        rid = args.get("resource_id")
    elif endpoint == GRID_DOWNLOAD:
        rid = _grid_resource_id(args.get("resource_view_id") or "")
    else:
        return None
    return (DOWNLOAD, rid) if rid else None


def add(kind: str, resource_id: str, n: int = 1) -> None:
    connect_to_redis().hincrby(pending_key(), f"{kind}:{resource_id}", n)


@blueprint.after_app_request
def count_use(response):
    try:
        use = counted(tk.request, response)
        if use is not None:
            add(*use)
    except Exception:  # noqa: BLE001 - a count is never worth a failed answer
        log.exception("counting a use failed")
    return response


def get_blueprint():
    return blueprint
