"""Columns -> ``data_elements``, rows -> CSV bytes, content -> sha256.

Shared by the database and file-share connectors: a table's columns become
the dataset's data elements (Table Schema types, which the Frictionless gate
later validates against), its rows a CSV resource streamed in chunks so a
large table never sits in memory, and the sha256 of those bytes the content
checksum that tells a changed table from an unchanged one.
"""
import csv
import datetime
import decimal
import hashlib
import io
import re

CHUNK_ROWS = 1000


def python_type_to_field_type(py):
    if py is bool:
        return "boolean"
    if py is int:
        return "integer"
    if py in (float, decimal.Decimal):
        return "number"
    if py is datetime.datetime:
        return "datetime"
    if py is datetime.date:
        return "date"
    if py is datetime.time:
        return "time"
    if py is dict:
        return "object"
    if py is list:
        return "array"
    return "string"


def cell(value):
    """A value as CSV text: ISO dates, lower-case booleans, empty for NULL."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def csv_chunks(header, rows):
    """UTF-8 CSV bytes, one chunk per ``CHUNK_ROWS`` rows (header first)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        n += 1
        if n % CHUNK_ROWS == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def checksum(chunks):
    """``(sha256 hex, size in bytes)`` of a stream of byte chunks."""
    h, size = hashlib.sha256(), 0
    for chunk in chunks:
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def file_checksum(path, opener=None):
    """``opener(path)``: how to open it (binary; default ``open``)."""
    def chunks():
        with (opener or _open_binary)(path) as f:
            while True:
                block = f.read(1 << 16)
                if not block:
                    return
                yield block
    return checksum(chunks())


def _open_binary(path):
    return open(path, "rb")


def file_stream(path, opener=None):
    """A callable that streams the file's bytes (for ``Resource.stream``)."""
    def stream():
        with (opener or _open_binary)(path) as f:
            while True:
                block = f.read(1 << 16)
                if not block:
                    return
                yield block
    return stream


# --- inferring types from text cells (CSV, XLSX) ----------------------------------

_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
_BOOL = {"true", "false"}


def infer_type(values):
    """The narrowest Table Schema type all non-empty ``values`` fit (string when none)."""
    kinds = set()
    for v in values:
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("integer")
        elif isinstance(v, (float, decimal.Decimal)):
            kinds.add("number")
        elif isinstance(v, datetime.datetime):
            kinds.add("datetime")
        elif isinstance(v, datetime.date):
            kinds.add("date")
        else:
            t = str(v).strip()
            if _INT.match(t):
                kinds.add("integer")
            elif _NUM.match(t):
                kinds.add("number")
            elif _DATE.match(t):
                kinds.add("date")
            elif _DATETIME.match(t):
                kinds.add("datetime")
            elif t.lower() in _BOOL:
                kinds.add("boolean")
            else:
                return "string"
    if not kinds:
        return "string"
    if len(kinds) == 1:
        return kinds.pop()
    if kinds <= {"integer", "number"}:
        return "number"
    return "string"


def elements(header, sample_rows, titles=None):
    """``data_elements`` for a header and some rows (types inferred)."""
    titles = titles or {}
    out = []
    for i, name in enumerate(header):
        col = [row[i] if i < len(row) else None for row in sample_rows]
        meta = titles.get(name) or {}
        out.append({"name": str(name), "title": str(meta.get("title") or name),
                    "type": infer_type(col), "description": str(meta.get("description") or "")})
    return out
