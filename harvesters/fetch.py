"""Reading a source document over HTTP or from disk, with every fault named.

Connection refused, a timeout, an HTTP error after the retries, an answer
larger than the limit, a missing file: each becomes a ``SourceFault``
carrying a ``HarvestError`` (zh/en, where = the URL or path), which the
connector yields and then stops. Text is decoded strictly; invalid bytes are
reported with their line and offset, and the document is decoded with
replacement characters so the records without bad bytes can still be read
(``decode`` returns the error; records containing U+FFFD are then skipped by
the connector, see ``has_bad_chars``).
"""
import gzip
import json
import os
import time

import requests

from .record import HarvestError

USER_AGENT = "govopen-harvester/0.1 (+https://github.com/govopen)"
REPLACEMENT = "\ufffd"


class SourceFault(Exception):
    def __init__(self, error):
        self.error = error
        super().__init__(str(error))


def _fault(code, where, **params):
    return SourceFault(HarvestError(code, where, fatal=True, params=params))


def get(url, http, params=None, session=None, accept=None):
    """The body (bytes) of a GET, retried on 5xx / connection resets, bounded in size."""
    session = session or requests
    timeout = float(http.get("timeout", 30))
    retries = int(http.get("retries", 0))
    backoff = float(http.get("backoff", 1.0))
    limit = int(http.get("max_bytes", 256 * 1024 * 1024))
    headers = {"User-Agent": USER_AGENT}
    if accept:
        headers["Accept"] = accept
    where = url if not params else "%s?%s" % (url, "&".join("%s=%s" % kv for kv in params.items()))
    attempt = 0
    while True:
        try:
            resp = session.get(url, params=params, timeout=timeout, stream=True, headers=headers)
        except requests.exceptions.Timeout:
            raise _fault("source_timeout", where, seconds=timeout)
        except requests.exceptions.ConnectionError as e:
            if attempt < retries and not _refused(e):
                attempt += 1
                time.sleep(backoff * attempt)
                continue
            raise _fault("source_unreachable", where, error=_short(e))
        if resp.status_code >= 500 and attempt < retries:
            resp.close()
            attempt += 1
            time.sleep(backoff * attempt)
            continue
        if resp.status_code >= 400:
            resp.close()
            raise _fault("source_http_error", where, status=resp.status_code, retries=attempt)
        try:
            body = _read_bounded(resp, limit, where)
        except requests.exceptions.Timeout:
            raise _fault("source_timeout", where, seconds=timeout)
        except requests.exceptions.RequestException as e:
            raise _fault("source_unreachable", where, error=_short(e))
        return body, resp.headers.get("Content-Type", "")


def _read_bounded(resp, limit, where):
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        resp.close()
        raise _fault("source_too_large", where, limit=limit)
    chunks, size = [], 0
    for chunk in resp.iter_content(chunk_size=1 << 16):
        size += len(chunk)
        if size > limit:
            resp.close()
            raise _fault("source_too_large", where, limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _refused(exc):
    text = str(exc)
    return "Connection refused" in text or "Errno 111" in text


def _short(exc):
    text = str(exc)
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused / 连接被拒绝"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "unknown host name / 主机名无法解析"
    return text[:300]


def read_file(path, limit):
    """Bytes of a local file (``.gz`` is uncompressed), bounded in size."""
    if not os.path.isfile(path):
        raise _fault("source_not_found", path)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise _fault("source_too_large", path, limit=limit)
    return data


def read_source(cfg, accept=None, url=None, params=None, session=None):
    """``(bytes, content type, where)`` of the config's ``url`` (or ``path``)."""
    url = url or cfg.get("url")
    if url and not url.startswith("file://"):
        body, ctype = get(url, cfg["http"], params=params, session=session, accept=accept)
        return body, ctype, url
    path = url[7:] if url else cfg["path"]
    return read_file(path, int(cfg["http"]["max_bytes"])), "", path


def decode(data, where, encoding="utf-8"):
    """``(text, error or None)``: strict decoding; on failure the error and a lossy text."""
    if data.startswith(b"\xef\xbb\xbf") and encoding.lower().replace("-", "") == "utf8":
        data = data[3:]
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        err = HarvestError("source_bad_encoding", where, params={
            "encoding": encoding, "line": line, "offset": e.start})
        return data.decode(encoding, errors="replace"), err


def has_bad_chars(value):
    """True when a parsed value holds replacement characters from lossy decoding."""
    if isinstance(value, str):
        return REPLACEMENT in value
    if isinstance(value, dict):
        return any(has_bad_chars(k) or has_bad_chars(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_bad_chars(v) for v in value)
    return False


def parse_json(text, where):
    try:
        return json.loads(text)
    except ValueError as e:
        raise _fault("source_malformed", where,
                     error="JSON: %s" % e if not hasattr(e, "lineno")
                     else "JSON, line %d column %d: %s / JSON 第 %d 行第 %d 列：%s" % (
                         e.lineno, e.colno, e.msg, e.lineno, e.colno, e.msg))


def json_source(cfg):
    """Read, decode and parse a JSON source (data.json, a portal listing).

    A generator: yields the errors met on the way (an encoding error is not
    fatal: the rest is still read) and returns ``(doc, where, lossy)``, or
    None after a fault that ends the source. Use ``got = yield from ...``.
    """
    try:
        body, _ctype, where = read_source(cfg, accept="application/json")
    except SourceFault as fault:
        yield fault.error
        return None
    text, encoding_error = decode(body, where)
    if encoding_error:
        yield encoding_error
    try:
        doc = parse_json(text, where)
    except SourceFault as fault:
        yield fault.error
        return None
    return doc, where, encoding_error is not None

