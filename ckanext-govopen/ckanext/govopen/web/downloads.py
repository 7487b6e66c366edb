"""How an uploaded file is handed over: its name, its type and charset, and a
CSV that Excel on Chinese Windows opens.

CKAN names a download after the munged upload name, which drops every Chinese
character (``公交站点.csv`` is served as ``filename=.csv``), and sends
``text/csv`` without a charset. After CKAN's ``resource.download`` view has
answered (and after the access guard in ``access/downloads.py`` let it), this
sets:

- ``Content-Disposition: attachment`` with the resource's own name as
  ``filename*`` (RFC 6266 / RFC 5987, UTF-8) and an ASCII ``filename`` for old
  clients. The name is the resource's title (public metadata) with the file's
  extension, so nothing new is disclosed;
- the charset of a text file (CSV, TSV, JSON, TXT...), read from the file's
  first bytes: ``utf-8``, or ``gb18030`` (GBK and GB2312 are subsets of it);
- ``?excel=1``: a UTF-8 CSV with a byte order mark, which Excel needs to read
  UTF-8 rather than the Windows code page. A GB18030 file is what Excel on
  Chinese Windows reads already and is served as it is.
"""
from __future__ import annotations

import codecs
import os
import re
import urllib.parse

import flask

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import uploader

blueprint = flask.Blueprint("govopen_web_downloads", __name__)

#: Formats served as text, whose charset is sniffed.
TEXT_FORMATS = {"csv", "tsv", "txt", "json", "geojson", "xml", "html", "md"}
#: How much of a file the charset is read from.
SNIFF_BYTES = 64 * 1024
BOM = codecs.BOM_UTF8


def _is_download(endpoint) -> bool:
    return bool(endpoint) and endpoint.split(".")[-1] == "download" and \
        endpoint.split(".")[0].endswith("resource")


def extension(url: str, fmt: str = "") -> str:
    """The file's extension (``.csv``) from its stored name, else from its format."""
    ext = os.path.splitext(urllib.parse.urlsplit(url or "").path)[1].lower()
    if re.fullmatch(r"\.[a-z0-9]{1,8}", ext or ""):
        return ext
    fmt = re.sub(r"[^a-z0-9]", "", (fmt or "").lower())[:8]
    return "." + fmt if fmt else ""


def download_name(title: str, url: str, fmt: str = "") -> str:
    """What the saved file is called: the resource's title, with the file's
    extension once (``公交站点`` or ``公交站点.csv`` -> ``公交站点.csv``); without a
    title, the stored name."""
    ext = extension(url, fmt)
    stored = os.path.basename(urllib.parse.urlsplit(url or "").path)
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', " ", title or "").strip(" .")[:150]
    if not name:
        return stored if stored and stored != ext else "download" + ext
    return name if not ext or name.lower().endswith(ext) else name + ext


def ascii_name(name: str) -> str:
    """The ``filename`` fallback: ASCII letters, digits, ``-_.`` only."""
    stem, ext = os.path.splitext(name)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.")
    return (stem or "download") + re.sub(r"[^A-Za-z0-9.]", "", ext)


def disposition(name: str) -> str:
    """``attachment`` with both an ASCII ``filename`` and the UTF-8 ``filename*``."""
    return "attachment; filename=\"%s\"; filename*=UTF-8''%s" % (
        ascii_name(name), urllib.parse.quote(name, safe=""))


def sniff_charset(head: bytes) -> str:
    """``utf-8`` when the bytes are UTF-8 (a character cut at the end is
    allowed), else ``gb18030``."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _head(resource: dict) -> bytes:
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    if not isinstance(path, str) or not os.path.isfile(path):
        return b""
    with open(path, "rb") as f:
        return f.read(SNIFF_BYTES)


def _with_bom(response):
    """The response's body after a UTF-8 byte order mark (streamed)."""
    body = response.response

    def stream():
        yield BOM
        yield from body

    out = flask.Response(stream(), status=response.status_code, headers=dict(response.headers))
    out.call_on_close(response.close)
    if response.content_length is not None:
        out.headers["Content-Length"] = str(response.content_length + len(BOM))
    for header in ("ETag", "Accept-Ranges"):
        out.headers.pop(header, None)
    return out


@blueprint.after_app_request
def hand_over(response):
    request = tk.request
    if response.status_code != 200 or not _is_download(request.endpoint):
        return response
    resource_id = (request.view_args or {}).get("resource_id")
    row = model.Resource.get(resource_id) if resource_id else None
    if row is None or row.url_type != "upload":
        return response
    resource = {"id": row.id, "url": row.url, "url_type": row.url_type}
    name = download_name(row.name, row.url, row.format)
    response.headers["Content-Disposition"] = disposition(name)
    ext = extension(row.url, row.format).lstrip(".")
    if ext not in TEXT_FORMATS and (row.format or "").lower() not in TEXT_FORMATS:
        return response
    head = _head(resource)
    charset = sniff_charset(head)
    mimetype = (response.mimetype or "text/plain")
    response.headers["Content-Type"] = f"{mimetype}; charset={charset}"
    wants_excel = tk.asbool(request.args.get("excel", "false")) and ext in ("csv", "tsv")
    if wants_excel and charset == "utf-8" and not head.startswith(BOM):
        response.headers["Content-Disposition"] = disposition(
            os.path.splitext(name)[0] + " (Excel)." + ext)
        return _with_bom(response)
    return response


def get_blueprint():
    return blueprint
