"""What runs when a resource's content may have changed.

Each concept that checks content (the PII scan, Frictionless validation)
registers its job here by dotted path, ``module:function(resource_id)``;
the plugin calls ``resource_changed`` after every resource create/update/
upload. Jobs run on CKAN's background queue, or in-process when
``govopen.jobs.inline`` is true (tests, demo loading, the CLI).
"""
from __future__ import annotations

import importlib
import logging

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

#: Jobs run for a resource whose content may have changed, in this order.
RESOURCE_JOBS: list = [
    "ckanext.govopen.privacy.jobs:scan_resource",
    "ckanext.govopen.validation.jobs:validate_resource",
    # the checks above may change what the public may have (k-anonymity, findings)
    "ckanext.govopen.verdict.hooks:refresh_for_resource",
    # last: publishes a harvested dataset its source wants public, once the checks allow
    "ckanext.govopen.harvest.publish:publish_when_clear",
]


def _load(path):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def inline() -> bool:
    return tk.asbool(tk.config.get("govopen.jobs.inline", False))


def resource_changed(resource_id: str) -> None:
    """Run (or enqueue) every registered job for ``resource_id``."""
    for path in RESOURCE_JOBS:
        job = _load(path)
        if inline():
            job(resource_id)
        else:
            tk.enqueue_job(job, [resource_id],
                           title=f"{path.rsplit(':', 1)[-1]} {resource_id}",
                           rq_kwargs={"timeout": int(tk.config.get("govopen.jobs.timeout", 3600))})
