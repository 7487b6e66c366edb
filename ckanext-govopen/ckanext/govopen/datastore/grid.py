"""The grid on the resource page: CKAN's ``datatables_view`` on the DataStore
table (filter, sort, paging, served by ``/datatables/ajax/<view>``, which reads
through ``datastore_search`` and so through ``access``), made when a table is
loaded and removed when it leaves the DataStore.

CKAN makes DataStore views only when ``datastore_active`` is set through
``resource_update`` (``package_create_default_resource_views`` with
``create_datastore_views``); the content pipeline sets the flag in the database
directly (``load.set_active``), so it makes the view itself, once.
"""
from __future__ import annotations

import logging
from typing import Optional

import flask

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.views.api import i18n_js_translations

from .fulltext import GRID_KEY

log = logging.getLogger(__name__)

VIEW_TYPE = "datatables_view"
AJAX = "datatablesview.ajax"
blueprint = flask.Blueprint("govopen_datastore_grid", __name__)
#: the stored title of the grid's tab; the tab shows it in the reader's language
TITLE = "Table"                   # shown through _() (templates: resource_views_list_item.html)


def has_grid(resource_id: str) -> bool:
    return model.Session.query(model.ResourceView.id).filter_by(
        resource_id=resource_id, view_type=VIEW_TYPE).first() is not None


def ensure(resource_id: str) -> bool:
    """The resource's grid, first among its views; True when one was made."""
    if has_grid(resource_id):
        return False
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        view = tk.get_action("resource_view_create")(
            {"user": site_user["name"], "ignore_auth": True},
            {"resource_id": resource_id, "view_type": VIEW_TYPE, "title": TITLE,
             "responsive": True, "filterable": True})
    except (tk.ValidationError, tk.ObjectNotFound) as e:
        log.warning("datastore: no grid for %s: %s", resource_id, e)
        return False
    others = [v.id for v in model.Session.query(model.ResourceView).filter(
        model.ResourceView.resource_id == resource_id,
        model.ResourceView.id != view["id"]).order_by(model.ResourceView.order)]
    if others:
        tk.get_action("resource_view_reorder")({"user": site_user["name"], "ignore_auth": True},
                                               {"id": resource_id, "order": [view["id"]] + others})
    return True


def remove(resource_id: str) -> int:
    """The grid out (its table left the DataStore); in the caller's transaction."""
    return model.Session.query(model.ResourceView).filter_by(
        resource_id=resource_id, view_type=VIEW_TYPE).delete(synchronize_session=False)


# --- the grid's search box, in Chinese ---------------------------------------------------

@blueprint.before_app_request
def remember_grid_search():
    """The grid's search box as typed (its view sends ``datastore_search`` a ``q`` with
    every Chinese character replaced by ``_``; ``fulltext.rewrite`` asks this instead)."""
    if tk.request.endpoint == AJAX and tk.request.method == "POST":
        setattr(flask.g, GRID_KEY, tk.request.form.get("search[value]") or "")


@blueprint.before_app_request
def js_locale():
    """CKAN's JavaScript asks ``/api/i18n/zh_Hans-CN`` on a Chinese page (it turns only
    the first "-" of ``<html lang="zh-Hans-CN">`` into "_"), CKAN answers 400, and no
    JavaScript module starts: the grid stays blank. Answered for ``zh_Hans_CN``."""
    if (tk.request.endpoint or "").endswith("i18n_js_translations"):
        args = dict(tk.request.view_args or {})
        lang = args.pop("lang", "") or ""
        if "-" in lang:
            return i18n_js_translations(lang.replace("-", "_"), **args)
    return None


def grid_search_text() -> Optional[str]:
    return getattr(flask.g, GRID_KEY, None) if flask.has_request_context() else None


def get_blueprint():
    return blueprint
