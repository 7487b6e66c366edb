"""The one content pipeline: ``check_resource(resource_id)`` (the first resource job, ``FEATURE`` below).

A resource's content is read once: an upload in place, a link downloaded
once through the outbound guard (``content.local_copy``), hashed while it is
read. Its kind is sniffed from the bytes (``scan.sniff``: never from the file
name or the declared format), a gzip file is read through, the text encoding
of a text table is detected once (``scan.encoding``), and every content check
the features declare (``Feature.content_checks``: the personal-information
scan, then Frictionless validation) consumes that one copy. Each check stores its own result, keyed by
resource and content hash, and serves its own status action
(``govopen_scan_show``, ``govopen_validation_show``).
"""
from __future__ import annotations

import gzip
import logging
import os
import tempfile
from dataclasses import dataclass
from typing import Callable, Optional

import ckan.plugins.toolkit as tk

from ckanext.govopen import content, feature
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.privacy import messages as pmessages
from ckanext.govopen.scan import encoding as text_encoding
from ckanext.govopen.scan import sniff

log = logging.getLogger(__name__)

@dataclass
class Item:
    """One resource's content, as every check sees it."""
    resource: dict
    dataset: dict
    path: Optional[str] = None          # the content (a gzip file: what is inside)
    sha256: Optional[str] = None        # of the bytes as stored or served
    size: int = 0
    kind: Optional[sniff.Kind] = None
    encoding: Optional[str] = None      # text tables: the detected codec (None: none decodes)
    error: Optional[dict] = None        # {zh, en}: the content could not be read
    force: bool = False
    progress: Optional[Callable] = None


def _limit(key: str) -> int:
    return int(tk.config.get(key) or 0)


def max_bytes() -> int:
    """What is read at most: the larger check limit (0 in either: no limit)."""
    limits = [_limit("govopen.scan.max_bytes"), _limit("govopen.validation.max_bytes")]
    return 0 if 0 in limits else max(limits)


def read_timeout() -> float:
    return max(float(tk.config.get("govopen.scan.url_timeout")),
               float(tk.config.get("govopen.validation.url_timeout")))


def _gunzip(path: str, limit: int) -> str:
    """The uncompressed copy of a gzip file (at most ``limit`` bytes)."""
    fd, out_path = tempfile.mkstemp(prefix="govopen-content-")
    try:
        with gzip.open(path, "rb") as src, os.fdopen(fd, "wb") as out:
            copied = 0
            for chunk in iter(lambda: src.read(content.CHUNK), b""):
                copied += len(chunk)
                if limit and copied > limit:
                    raise content.ContentError(pmessages.UNPACKED_TOO_LARGE(limit=limit))
                out.write(chunk)
    except (OSError, EOFError, gzip.BadGzipFile):
        os.unlink(out_path)
        return ""
    except content.ContentError:
        os.unlink(out_path)
        raise
    return out_path


def _describe(item: Item, limit: int) -> Optional[str]:
    """Sniff kind and encoding of ``item.path``; returns a temporary path to remove after."""
    item.size = os.path.getsize(item.path)
    item.kind = sniff.sniff(item.path, item.resource.get("format"))
    extra = None
    if item.kind.kind == "gzip":
        extra = _gunzip(item.path, limit)
        if not extra:
            item.kind = sniff.Kind("unknown", pmessages.CORRUPT_GZIP())
            return None
        item.path = extra
        item.kind = sniff.sniff(extra, item.resource.get("format"))
        if item.kind.kind == "gzip":
            item.kind = sniff.Kind("unknown", pmessages.NESTED_GZIP())
    if item.kind.kind in ("csv", "tsv"):
        with open(item.path, "rb") as f:
            item.encoding, _bad = text_encoding.detect(f)
    return extra


def check_resource(resource_id: str, force: bool = False, only=None, progress=None) -> Optional[dict]:
    """Read the resource's content once and run the checks (``only``: their names);
    returns ``{check name: its stored result}``, or None for a resource that is gone."""
    context = {"ignore_auth": True, "user": ""}
    try:
        resource = tk.get_action("resource_show")(dict(context), {"id": resource_id})
        dataset = tk.get_action("package_show")(dict(context), {"id": resource["package_id"]})
    except tk.ObjectNotFound:
        log.info("content: resource %s is gone", resource_id)
        return None
    checks = [(name, check) for name, check in feature.content_checks(feature.installed())
              if only is None or name in only]
    item = Item(resource, dataset, force=force, progress=progress)
    limit = max_bytes()
    try:
        with content.local_copy(resource, limit, read_timeout(), purpose="content") as (path, sha256):
            item.path, item.sha256 = path, sha256
            extra = _describe(item, limit)
            try:
                return {name: check(item) for name, check in checks}
            finally:
                if extra:
                    os.unlink(extra)
    except content.ContentError as e:
        item.path = item.sha256 = item.kind = None
        item.error = e.message
        return {name: check(item) for name, check in checks}


#: first of the resource jobs: the content checks, before the verdict is refreshed
FEATURE = Feature("content", resource_jobs=(Hook(check_resource, 10),))
