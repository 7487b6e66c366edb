"""What runs when a resource's content may have changed.

Jobs register here by dotted path, ``module:function(resource_id)``; the
content checks (the PII scan, Frictionless validation) are one job, the
content pipeline (``content_job``), so a link is fetched once per change.
The plugin calls ``resource_changed`` after every resource create/update/
upload. Jobs run on CKAN's background queue, or in-process when
``govopen.jobs.inline`` is true (tests, demo loading, the CLI) - but never
inside a request to the web app: content is fetched from remote servers,
and a web request must not do that (``web_request``).
"""
from __future__ import annotations

import importlib
import logging

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

#: Jobs run for a resource whose content may have changed, in this order.
RESOURCE_JOBS: list = [
    "ckanext.govopen.content_job:check_resource",
    # the checks above may change what the public may have (k-anonymity, findings)
    "ckanext.govopen.verdict.hooks:refresh_for_resource",
    # last: publishes a harvested dataset its source wants public, once the checks allow
    "ckanext.govopen.harvest.publish:publish_when_clear",
]


def _load(path):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def web_request() -> bool:
    """True inside a request that came through the web app's WSGI stack (CKAN's
    I18nMiddleware marks every such request's environ with ``CKAN_LANG``); false
    in the CLI, in jobs, and for actions called directly (tests, even within a
    bare ``test_request_context``)."""
    import flask

    return flask.has_request_context() and "CKAN_LANG" in flask.request.environ


def inline() -> bool:
    """Run content jobs in-process: configured, and not in a web request."""
    return tk.asbool(tk.config.get("govopen.jobs.inline")) and not web_request()


def resource_changed(resource_id: str) -> None:
    """Run (or enqueue) every registered job for ``resource_id``."""
    for path in RESOURCE_JOBS:
        job = _load(path)
        if inline():
            job(resource_id)
        else:
            tk.enqueue_job(job, [resource_id],
                           title=f"{path.rsplit(':', 1)[-1]} {resource_id}",
                           rq_kwargs={"timeout": int(tk.config.get("govopen.jobs.timeout"))})
