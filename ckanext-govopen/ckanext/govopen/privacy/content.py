"""A resource's content as a local file and its sha256, for the scanner.

Uploads are read in place from CKAN's storage; links are downloaded to a
temporary file (http/https only) with a size limit and a timeout, so a huge
or hanging remote file cannot stall the job queue. Either way the content is
hashed while it is read, in chunks (constant memory).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from urllib.parse import urlparse

import ckan.plugins.toolkit as tk

CHUNK = 1 << 20


class ContentError(Exception):
    """The content could not be read; ``message`` says why in zh and en."""

    def __init__(self, zh, en):
        super().__init__(en)
        self.message = {"zh": zh, "en": en}


def max_bytes() -> int:
    return int(tk.config.get("govopen.scan.max_bytes") or 2 * 1024 ** 3)


def timeout() -> float:
    return float(tk.config.get("govopen.scan.url_timeout") or 30)


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _upload_path(resource):
    from ckan.lib import uploader
    up = uploader.get_resource_uploader(resource)
    path = up.get_path(resource["id"]) if hasattr(up, "get_path") else None
    if not path or not os.path.isfile(path):
        raise ContentError("上传的文件在存储中找不到（可能尚未保存或已被删除）",
                           "the uploaded file is not in the storage (not saved yet, or deleted)")
    return path


def _download(url, suffix):
    import requests

    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ContentError(f"链接协议“{scheme or '无'}”不支持，只能扫描 http/https 链接",
                           f"links of scheme '{scheme or 'none'}' cannot be scanned; use http or https")
    limit = max_bytes()
    fd, path = tempfile.mkstemp(prefix="govopen-scan-", suffix=suffix)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out, requests.get(url, stream=True, timeout=timeout()) as resp:
            if resp.status_code != 200:
                raise ContentError(f"下载链接返回 HTTP {resp.status_code}", f"the link answered HTTP {resp.status_code}")
            for chunk in resp.iter_content(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ContentError(f"链接内容超过扫描上限 {limit} 字节", f"the linked file exceeds the scan limit of {limit} bytes")
                digest.update(chunk)
                out.write(chunk)
    except ContentError:
        os.unlink(path)
        raise
    except requests.RequestException as e:
        os.unlink(path)
        raise ContentError(f"无法下载链接内容（{type(e).__name__}）", f"the link could not be downloaded ({type(e).__name__})") from e
    return path, digest.hexdigest()


@contextlib.contextmanager
def local_copy(resource: dict):
    """Yield ``(path, sha256)`` of the resource's current content; raises ContentError."""
    url = str(resource.get("url") or "").strip()
    if resource.get("url_type") == "upload":
        path = _upload_path(resource)
        if os.path.getsize(path) > max_bytes():
            raise ContentError(f"文件超过扫描上限 {max_bytes()} 字节", f"the file exceeds the scan limit of {max_bytes()} bytes")
        yield path, sha256_of(path)
        return
    suffix = os.path.splitext(urlparse(url).path)[1][:10]
    path, digest = _download(url, suffix)
    try:
        yield path, digest
    finally:
        os.unlink(path)
