"""Views that let CKAN's action errors escape answer 403/404, not 500.

A few CKAN and extension views call actions without catching their
``NotAuthorized`` / ``NotFound`` (the user autocomplete for an anonymous
visitor, ``changes_multiple`` without activities): the error reaches Flask
as an unhandled exception and the visitor gets a 500. Here each becomes the
HTTP error it means, rendered by CKAN's own error pages.
"""
from __future__ import annotations

from flask import current_app
from werkzeug.exceptions import Forbidden, NotFound

import ckan.plugins.toolkit as tk

from ckanext.govopen.common import current_lang

from . import messages


def _not_authorized(error):
    return current_app.handle_http_exception(Forbidden(description=messages.text("not_authorized", current_lang())))


def _not_found(error):
    return current_app.handle_http_exception(NotFound(description=messages.text("not_found", current_lang())))


#: ckanext-activity's history pages read ``activity.data["package"]`` of whatever
#: activity the URL names: one that is not a dataset's (an organization's, a
#: user's) was a KeyError, a 500. They answer 404, before the view runs.
HISTORY_ENDPOINTS = ("activity.resource_history",)


def _history_of_a_dataset():
    from flask import request
    if request.endpoint not in HISTORY_ENDPOINTS:
        return None
    try:
        from ckanext.activity.model import Activity
    except ImportError:
        return None
    import ckan.model as model
    activity = model.Session.get(Activity, str((request.view_args or {}).get("activity_id") or ""))
    data = activity.data if activity is not None else None
    if not isinstance(data, dict) or not isinstance(data.get("package"), dict) or \
            not isinstance(data["package"].get("id"), str):
        return _not_found(None)
    return None


def install(flask_app):
    if hasattr(flask_app, "register_error_handler"):     # the Flask app, not a WSGI wrapper
        flask_app.register_error_handler(tk.NotAuthorized, _not_authorized)
        flask_app.register_error_handler(tk.ObjectNotFound, _not_found)
        flask_app.before_request(_history_of_a_dataset)
    return flask_app
