"""A resource's content as a local file and its sha256, for the content
jobs (the PII scan, Frictionless validation).

Uploads are read in place from CKAN's storage; links are downloaded (http and
https only) to a temporary file with a size limit and a timeout, so a huge or
hanging remote file cannot stall the job queue. Hashing reads in chunks.
Messages name what the content was for (``purpose``: "scan" or "validation").
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import tempfile
from urllib.parse import urlparse

CHUNK = 1 << 20

#: How messages name the job that needed the content.
PURPOSES = {"scan": ("扫描", "scanned", "scan"), "validation": ("校验", "validated", "validation")}


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
    url = str(resource.get("url") or "").strip()
    if resource.get("url_type") == "upload":
        name = url.rstrip("/").rsplit("/", 1)[-1]
        return f"upload:{name}@{_iso(resource.get('last_modified') or resource.get('created'))}"
    return f"link:{url}"


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
    import requests

    zh, done, noun = PURPOSES[purpose]
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ContentError(f"链接协议“{scheme or '无'}”不支持，只能{zh} http/https 链接",
                           f"links of scheme '{scheme or 'none'}' cannot be {done}; use http or https")
    fd, path = tempfile.mkstemp(prefix=f"govopen-{purpose}-", suffix=suffix)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out, requests.get(url, stream=True, timeout=timeout) as resp:
            if resp.status_code != 200:
                raise ContentError(f"下载链接返回 HTTP {resp.status_code}",
                                   f"the link answered HTTP {resp.status_code}")
            for chunk in resp.iter_content(CHUNK):
                size += len(chunk)
                if max_bytes and size > max_bytes:
                    raise ContentError(f"链接内容超过{zh}上限 {max_bytes} 字节",
                                       f"the linked file exceeds the {noun} limit of {max_bytes} bytes")
                digest.update(chunk)
                out.write(chunk)
    except ContentError:
        os.unlink(path)
        raise
    except requests.RequestException as e:
        os.unlink(path)
        raise ContentError(f"无法下载链接内容（{type(e).__name__}）",
                           f"the link could not be downloaded ({type(e).__name__})") from e
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
    from ckanext.govopen.access import locations   # a restricted link's real location
    url = locations.real_url(resource)
    suffix = os.path.splitext(urlparse(url).path)[1][:10]
    path, digest = _download(url, suffix, max_bytes, timeout, purpose)
    try:
        yield path, digest
    finally:
        os.unlink(path)
