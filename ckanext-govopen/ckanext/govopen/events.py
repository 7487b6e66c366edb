"""What runs when a resource's content may have changed.

Each feature declares its jobs (``Feature.resource_jobs``, ``fn(resource_id)``,
with their order); the content checks (the PII scan, Frictionless
validation) are one job, the content pipeline (``content_job``), so a link is
fetched once per change.
The plugin calls ``resource_changed`` after every resource create/update/
upload. Jobs run on CKAN's background queue, or in-process when
``govopen.jobs.inline`` is true (tests, demo loading, the CLI) - but never
inside a request to the web app: content is fetched from remote servers,
and a web request must not do that (``web_request``).
"""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk

from ckanext.govopen import feature

log = logging.getLogger(__name__)


def resource_jobs() -> list:
    """The jobs run for a resource whose content may have changed, in their order:
    the content checks, the verdict refreshed, a harvested dataset published."""
    return feature.ordered(feature.installed(), "resource_jobs")


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
    for job in resource_jobs():
        if inline():
            job(resource_id)
        else:
            tk.enqueue_job(job, [resource_id],
                           title=f"{job.__name__} {resource_id}",
                           rq_kwargs={"timeout": int(tk.config.get("govopen.jobs.timeout"))})
