"""A resource's content as a local file and its sha256, for the content
pipeline (``content_job``: the PII scan, Frictionless validation).

Uploads are read in place from CKAN's storage; links are downloaded through
the one outbound guard (``govopen_harvesters.outbound``: http/https only,
internal addresses refused unless the sysadmin's ``govopen.outbound.allow``
lists them, every redirect checked, size and total-time caps) to a temporary
file, hashed while it is written. Messages name what the content was for
(``purpose``: "content", "scan" or "validation").
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import tempfile
from urllib.parse import urlparse

import ckan.plugins.toolkit as tk
from govopen_harvesters import outbound

from ckanext.govopen.messages import render
from ckanext.govopen.privacy import messages as pmessages

CHUNK = 1 << 20

#: what a copy is read for (``local_copy``; its words name the limit that applies)
PURPOSES = pmessages.PURPOSES


def guard(max_bytes: int, read_timeout: float) -> outbound.Guard:
    """The outbound guard with the sysadmin's allow-list and caps (raises
    ``OutboundError`` for an allow-list entry that is not valid)."""
    return outbound.Guard(allow=outbound.parse_allow(tk.config.get("govopen.outbound.allow") or ""),
                          max_bytes=max_bytes, read_timeout=read_timeout,
                          timeout=float(tk.config.get("govopen.outbound.total_timeout")),
                          max_redirects=int(tk.config.get("govopen.outbound.max_redirects")))


def _iso(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat()
    if value in (None, ""):
        return ""
    try:
        return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(
            tzinfo=None).isoformat()
    except ValueError:
        return str(value)


def marker(resource: dict) -> str:
    """Which content a resource dict points at: its upload (file name + time)
    or its link. Stored results name it, so a check knows whether a result
    is for the resource's current content without reading the file."""
    # the key of the link or the upload's name: the same before and after it moved
    # out of CKAN's row (access.locations), and nothing of the location itself
    from ckanext.govopen.access import location_store
    if resource.get("url_type") == "upload":
        key = location_store.upload_key(resource)
        return f"upload:{key}@{_iso(resource.get('last_modified') or resource.get('created'))}"
    return f"link:{location_store.link_key(resource)}"


class ContentError(Exception):
    """The content could not be read; ``message`` says why (a message value, ``privacy.messages``)."""

    def __init__(self, message: dict):
        super().__init__(render(message, "en"))
        self.message = message


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _upload_path(resource: dict) -> str:
    from ckan.lib import uploader

    up = uploader.get_resource_uploader(resource)
    path = up.get_path(resource["id"]) if hasattr(up, "get_path") else None
    if not path or not os.path.isfile(path):
        raise ContentError(pmessages.UPLOAD_MISSING())
    return path


def _download(url: str, suffix: str, max_bytes: int, timeout: float, purpose: str):
    what = PURPOSES[purpose]()
    fd, path = tempfile.mkstemp(prefix=f"govopen-{purpose}-", suffix=suffix)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, guard(max_bytes, timeout).open(url) as resp:
            if resp.status != 200:
                raise ContentError(pmessages.LINK_HTTP(status=resp.status))
            for chunk in resp.iter_content(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except ContentError:
        os.unlink(path)
        raise
    except outbound.OutboundError as e:
        os.unlink(path)
        if e.code == "too_large":
            raise ContentError(pmessages.LINK_TOO_LARGE(purpose=what, limit=max_bytes)) from None
        raise ContentError(pmessages.LINK_FAILED(error=e.message)) from None   # {zh, en}: the connectors' words
    return path, digest.hexdigest()


@contextlib.contextmanager
def local_copy(resource: dict, max_bytes: int, timeout: float, purpose: str = "validation"):
    """Yield ``(path, sha256)`` of the resource's current content; raises ContentError."""
    what = PURPOSES[purpose]()
    url = str(resource.get("url") or "").strip()
    if resource.get("url_type") == "upload":
        path = _upload_path(resource)
        size = os.path.getsize(path)
        if max_bytes and size > max_bytes:
            raise ContentError(pmessages.FILE_TOO_LARGE(size=size, purpose=what, limit=max_bytes))
        yield path, sha256_of(path)
        return
    if not url:
        raise ContentError(pmessages.NO_CONTENT())
    from ckanext.govopen.access import location_store   # a restricted link's real location
    url = location_store.real_url(resource)
    suffix = os.path.splitext(urlparse(url).path)[1][:10]
    path, digest = _download(url, suffix, max_bytes, timeout, purpose)
    try:
        yield path, digest
    finally:
        os.unlink(path)
