"""The scanner reads resources through the shared ``ckanext.govopen.content``,
with its own limits (``govopen.scan.max_bytes``, ``govopen.scan.url_timeout``)."""
from __future__ import annotations

import contextlib

import ckan.plugins.toolkit as tk

from ckanext.govopen import content
from ckanext.govopen.content import ContentError, sha256_of  # noqa: F401


def max_bytes() -> int:
    return int(tk.config.get("govopen.scan.max_bytes") or 2 * 1024 ** 3)


def timeout() -> float:
    return float(tk.config.get("govopen.scan.url_timeout") or 30)


@contextlib.contextmanager
def local_copy(resource: dict):
    """Yield ``(path, sha256)`` of the resource's current content; raises ContentError."""
    with content.local_copy(resource, max_bytes(), timeout(), purpose="scan") as found:
        yield found
