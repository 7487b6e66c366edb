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

CHUNK = 1 << 20

#: How messages name the job that needed the content.
PURPOSES = {"scan": ("扫描", "scanned", "scan"), "validation": ("校验", "validated", "validation"),
            "content": ("检查", "checked", "content check")}


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
    """The content could not be read; ``message`` says why in zh and en."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.message = {"zh": zh, "en": en}


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
        raise ContentError("上传的文件在存储中找不到（可能尚未保存或已被删除）",
                           "the uploaded file is not in the storage (not saved yet, or deleted)")
    return path


def _download(url: str, suffix: str, max_bytes: int, timeout: float, purpose: str):
    zh, done, noun = PURPOSES[purpose]
    fd, path = tempfile.mkstemp(prefix=f"govopen-{purpose}-", suffix=suffix)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, guard(max_bytes, timeout).open(url) as resp:
            if resp.status != 200:
                raise ContentError(f"下载链接返回 HTTP {resp.status}", f"the link answered HTTP {resp.status}")
            for chunk in resp.iter_content(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except ContentError:
        os.unlink(path)
        raise
    except outbound.OutboundError as e:
        os.unlink(path)
        if e.code == "too_large":
            raise ContentError(f"链接内容超过{zh}上限 {max_bytes} 字节",
                               f"the linked file exceeds the {noun} limit of {max_bytes} bytes") from None
        raise ContentError(f"无法下载链接内容：{e.message['zh']}",
                           f"the link could not be downloaded: {e.message['en']}") from None
    return path, digest.hexdigest()


@contextlib.contextmanager
def local_copy(resource: dict, max_bytes: int, timeout: float, purpose: str = "validation"):
    """Yield ``(path, sha256)`` of the resource's current content; raises ContentError."""
    zh, _, noun = PURPOSES[purpose]
    url = str(resource.get("url") or "").strip()
    if resource.get("url_type") == "upload":
        path = _upload_path(resource)
        size = os.path.getsize(path)
        if max_bytes and size > max_bytes:
            raise ContentError(f"文件 {size} 字节，超过{zh}上限 {max_bytes} 字节",
                               f"the file has {size} bytes, over the {noun} limit of {max_bytes}")
        yield path, sha256_of(path)
        return
    if not url:
        raise ContentError("资源没有文件或链接", "the resource has neither a file nor a link")
    from ckanext.govopen.access import location_store   # a restricted link's real location
    url = location_store.real_url(resource)
    suffix = os.path.splitext(urlparse(url).path)[1][:10]
    path, digest = _download(url, suffix, max_bytes, timeout, purpose)
    try:
        yield path, digest
    finally:
        os.unlink(path)
