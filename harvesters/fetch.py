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

from . import outbound, places
from .record import HarvestError

USER_AGENT = "govopen-harvester/0.1 (+https://github.com/govopen)"
REPLACEMENT = "\ufffd"


class SourceFault(Exception):
    def __init__(self, error):
        self.error = error
        super().__init__(str(error))


def _fault(code, where, **params):
    return SourceFault(HarvestError(code, where, fatal=True, params=params))


def guard_for(http):
    """The outbound guard for a source's ``http`` settings: ``timeout`` is what one
    read may wait, ``total_timeout`` the whole fetch (default 600 s), ``allow`` the
    sysadmin's allow-list (set by the caller of ``pipeline.harvest``)."""
    read = float(http.get("timeout", 30))
    return outbound.Guard(allow=http.get("allow") or (),
                          max_bytes=int(http.get("max_bytes", 256 * 1024 * 1024)),
                          timeout=float(http.get("total_timeout") or max(600.0, read)),
                          read_timeout=read, connect_timeout=min(read, 10.0),
                          max_redirects=int(http.get("max_redirects", 5)), user_agent=USER_AGENT)


def get(url, http, params=None, session=None, accept=None):
    """The body (bytes) of a GET through the outbound guard, retried on 5xx, bounded
    in size and time. ``session`` (unused) is kept for old callers."""
    retries = int(http.get("retries", 0))
    backoff = float(http.get("backoff", 1.0))
    headers = {"Accept": accept} if accept else {}
    where = url if not params else "%s?%s" % (url, "&".join("%s=%s" % kv for kv in params.items()))
    try:
        guard = guard_for(http)
    except outbound.OutboundError as e:
        raise _outbound_fault(e, where)
    attempt = 0
    while True:
        try:
            with guard.open(url, headers=headers, params=params) as resp:
                if resp.status >= 500 and attempt < retries:
                    attempt += 1
                    time.sleep(backoff * attempt)
                    continue
                if resp.status >= 400:
                    raise _fault("source_http_error", where, status=resp.status, retries=attempt)
                return resp.read(), resp.headers.get("Content-Type", "")
        except outbound.OutboundError as e:
            raise _outbound_fault(e, where)


def _outbound_fault(e, where):
    if e.code == "timeout":
        return _fault("source_timeout", where, seconds=e.params["seconds"])
    if e.code == "too_large":
        return _fault("source_too_large", where, limit=e.params["limit"])
    return _fault("source_unreachable", where, error="%s / %s" % (e.message["en"], e.message["zh"]))


def read_file(path, limit, where=None, root=None):
    """Bytes of a local file (``.gz`` is uncompressed), bounded in size. ``where``
    names it in errors (``share://root/path``): the server's path is never shown.
    ``root``: the file-share root it was found in, checked again as it is opened."""
    where = where or os.path.basename(path)
    if not os.path.isfile(path):
        raise _fault("source_not_found", where)
    try:
        raw = places.open_inside(root, path) if root else open(path, "rb")
    except (places.PlaceError, OSError):
        raise _fault("source_outside_root", where) from None
    with raw, (gzip.open(raw, "rb") if path.endswith(".gz") else raw) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise _fault("source_too_large", where, limit=limit)
    return data


def read_source(cfg, accept=None, url=None, params=None, session=None):
    """``(bytes, content type, where)`` of the config's ``url`` (or ``path``)."""
    url = url or cfg.get("url")
    if url and not url.startswith("file://"):
        body, ctype = get(url, cfg["http"], params=params, session=session, accept=accept)
        return body, ctype, url
    path = url[7:] if url else cfg["path"]
    where = cfg.get("display") or os.path.basename(path)      # share://root/path, never the server's path
    return read_file(path, int(cfg["http"]["max_bytes"]), where, cfg.get("root_path")), "", where


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

