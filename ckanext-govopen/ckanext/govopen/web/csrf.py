"""CSRF exemptions that last one request, not until the next restart.

CKAN 2.12's ``ckan_before_request`` calls flask-wtf's ``csrf.exempt(view)``
for every request without a session cookie (API token or anonymous), so that
request is not asked for a CSRF token. ``exempt`` adds the view to the
extension's process-wide ``_exempt_views`` set: after one token (or anonymous)
POST to a form's URL, every later cookie-authenticated POST to that URL is
exempt too, so a cross-site form from another origin acts in a logged-in
officer's name.

``install`` replaces that set with ``RequestScopedExemptions``: an ``add``
made while a request is handled is recorded in ``flask.g`` (that request
only); an ``add`` outside a request (a view decorated with ``@csrf.exempt`` at
import time) is permanent, as flask-wtf intends. Membership is the permanent
set plus the current request's. CKAN itself is not edited.
"""
from __future__ import annotations

from flask import g, has_app_context, has_request_context

_G_KEY = "_govopen_csrf_exempt_views"


class RequestScopedExemptions(set):
    """A ``set`` of view names whose request-time additions expire with the request."""

    def _current(self):
        if not (has_request_context() and has_app_context()):
            return None
        found = g.get(_G_KEY)
        if found is None:
            found = set()
            setattr(g, _G_KEY, found)
        return found

    def add(self, item):
        current = self._current()
        if current is None:
            super().add(item)
        else:
            current.add(item)

    def __contains__(self, item):
        if super().__contains__(item):
            return True
        current = self._current()
        return current is not None and item in current


def install(flask_app):
    """Swap the CSRF extension's exemption set (keeping what is already in it)."""
    extension = (getattr(flask_app, "extensions", None) or {}).get("csrf")
    if extension is None:
        return flask_app
    views = getattr(extension, "_exempt_views", None)
    if not isinstance(views, RequestScopedExemptions):
        extension._exempt_views = RequestScopedExemptions(views or ())
    return flask_app
