"""Streaming table readers: CSV/TSV, XLSX, XLS, JSON / JSON lines.

Each reader yields :class:`Table` objects whose ``rows`` is an iterator of
lists of cell values; nothing holds more than one row (plus the reader's own
buffer) at a time, except:

- XLS (BIFF): ``xlrd`` parses a whole sheet into memory; the format itself
  caps a sheet at 65,536 x 256 cells. Sheets are loaded one at a time.
- XLSX: ``openpyxl`` read-only mode streams the rows but keeps the shared
  strings table (the distinct texts of the workbook) in memory.
- JSON: records are streamed with ``ijson``; the set of column names is
  capped (``ScanOptions.max_columns``).

Problems are appended to ``messages`` as :class:`~.messages.ScanMessage` and
end the table (never an exception out of a reader), so a report always says
what was and was not read.
"""
import codecs
import csv
import io
import os
import threading

from . import encoding as _encoding
from .messages import ScanMessage

FORMATS = {"csv": "csv", "tsv": "tsv", "tab": "tsv", "txt": "csv", "text/csv": "csv",
           "xlsx": "xlsx", "xlsm": "xlsx", "xls": "xls", "excel": "xls",
           "json": "json", "geojson": "json", "jsonl": "jsonl", "ndjson": "jsonl",
           "application/json": "json", "text/tab-separated-values": "tsv"}

CSV_FIELD_LIMIT = 64 << 20


class Table:
    """One table of a file: ``name`` (sheet, JSON path or file name), ``header`` (known or None), ``rows``."""

    def __init__(self, name, rows, header=None, meta=None):
        self.name = name
        self.rows = rows
        self.header = header
        self.meta = meta or {}


class Counter(io.RawIOBase):
    """A readable binary stream that counts bytes and reports progress."""

    def __init__(self, f, total=None, progress=None, interval=1 << 20):
        self._f = f
        self.count = 0
        self.total = total
        self._progress = progress
        self._interval = interval
        self._next = interval

    def readable(self):
        return True

    def seekable(self):
        return self._f.seekable()

    def seek(self, pos, whence=0):
        p = self._f.seek(pos, whence)
        self.count = p
        self._next = p + self._interval
        return p

    def tell(self):
        return self._f.tell()

    def _tick(self, n):
        self.count += n
        if self._progress and self.count >= self._next:
            self._next = self.count + self._interval
            self._progress(self.count, self.total)

    def readinto(self, b):
        n = self._f.readinto(b)
        if n:
            self._tick(n)
        return n

    def read(self, size=-1):
        data = self._f.read(size)
        self._tick(len(data))
        return data

    def close(self):
        self._f.close()
        super().close()


def detect_format(path, declared=None):
    """``csv``/``tsv``/``xlsx``/``xls``/``json``/``jsonl`` from magic bytes, then the declared format, then the suffix.

    Magic bytes win over a declared format: a resource labelled XLS that is a
    zip is read as XLSX.
    """
    with open(path, "rb") as f:
        head = f.read(512)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if declared:
        fmt = FORMATS.get(str(declared).strip().lower().lstrip("."))
        if fmt:
            return fmt
        return str(declared).strip().lower()
    ext = os.path.splitext(str(path))[1].lower().lstrip(".")
    if ext in FORMATS:
        return FORMATS[ext]
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"[", b"{"):
        return "json"
    return "csv"


# --- decoding errors: counted by a registered error handler -------------------
_tls = threading.local()


def _count_errors(exc):
    """Replace undecodable bytes, counting them and noting the first one's file offset."""
    c = getattr(_tls, "counter", None)
    if c is not None:
        c[0] += exc.end - exc.start
        if c[1] is None and c[2] is not None:
            try:   # the decoder works on the chunk the text layer has just read
                c[1] = max(0, c[2].tell() - len(exc.object) + exc.start)
            except (OSError, ValueError):
                c[1] = -1
    return "\ufffd", exc.end


codecs.register_error("govopen.scan.count", _count_errors)


def sniff_delimiter(text):
    """The delimiter among , TAB ; | that splits the sample's lines most consistently."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_key = ",", (0, 0)
    for d in (",", "\t", ";", "|"):
        counts = [ln.count(d) for ln in lines]
        with_d = sum(1 for c in counts if c)
        if not with_d:
            continue
        mode = max(set(counts), key=counts.count)
        key = (sum(1 for c in counts if c == mode and c), with_d)
        if key > best_key:
            best, best_key = d, key
    return best


def read_csv(path, fmt, options, messages, progress):
    size = os.path.getsize(path)
    f = open(path, "rb")
    try:
        enc = options.encoding
        if not enc:
            enc, bad = _encoding.detect(f)
            if enc is None:
                messages.append(ScanMessage("scan.unknown_encoding", path=_name(path), offset=bad))
                return
        counter = Counter(f, size, progress, options.progress_interval)
        buffered = io.BufferedReader(counter, 1 << 16)
        text = io.TextIOWrapper(buffered, encoding=enc, errors="govopen.scan.count", newline="")
        delimiter = options.delimiter or ("\t" if fmt == "tsv" else None)
        if delimiter is None:
            sample = text.read(1 << 16)
            delimiter = sniff_delimiter(sample)
            text.seek(0)
        if csv.field_size_limit() < CSV_FIELD_LIMIT:
            csv.field_size_limit(CSV_FIELD_LIMIT)
        errors = [0, None, buffered]
        meta = {"encoding": enc, "delimiter": delimiter}

        def rows():
            reader = csv.reader(text, delimiter=delimiter)
            prev = _tls.__dict__.get("counter")
            _tls.counter = errors
            try:
                while True:
                    try:
                        row = next(reader)
                    except StopIteration:
                        break
                    except csv.Error as e:
                        messages.append(ScanMessage("scan.malformed_csv", path=_name(path), row=reader.line_num,
                                                    reason=str(e)))
                        break
                    _tls.counter = prev
                    yield row
                    prev = _tls.__dict__.get("counter")
                    _tls.counter = errors
            finally:
                _tls.counter = prev
            if errors[0]:
                messages.append(ScanMessage("scan.decode_errors", path=_name(path), encoding=enc,
                                            count=errors[0], offset=errors[1]))
            if progress:
                progress(counter.count, size)

        yield Table(_name(path), rows(), meta=meta)
    finally:
        f.close()


def read_xlsx(path, options, messages, progress):
    try:
        import openpyxl
    except ImportError as e:   # pragma: no cover
        messages.append(ScanMessage("scan.bad_workbook", path=_name(path), format="xlsx", reason=str(e)))
        return
    size = os.path.getsize(path)
    f = open(path, "rb")
    counter = Counter(f, size, progress, options.progress_interval)
    wb = None
    try:
        try:
            wb = openpyxl.load_workbook(io.BufferedReader(counter), read_only=True, data_only=True)
        except Exception as e:     # zipfile.BadZipFile, KeyError, InvalidFileException ...
            messages.append(ScanMessage("scan.bad_workbook", path=_name(path), format="xlsx",
                                        reason="%s: %s" % (type(e).__name__, e)))
            return
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue

            def rows(ws=ws):
                n = 0
                try:
                    for row in ws.iter_rows(values_only=True):
                        n += 1
                        yield row
                except Exception as e:
                    messages.append(ScanMessage("scan.bad_sheet", path=_name(path), sheet=ws.title, row=n + 1,
                                                reason="%s: %s" % (type(e).__name__, e)))

            yield Table(ws.title, rows(), meta={"sheet": ws.title})
        if progress:
            progress(size, size)
    finally:
        if wb is not None:
            wb.close()
        f.close()


def read_xls(path, options, messages, progress):
    try:
        import xlrd
    except ImportError as e:   # pragma: no cover
        messages.append(ScanMessage("scan.bad_workbook", path=_name(path), format="xls", reason=str(e)))
        return
    size = os.path.getsize(path)
    try:
        book = xlrd.open_workbook(path, on_demand=True, logfile=_NullLog())
    except Exception as e:
        messages.append(ScanMessage("scan.bad_workbook", path=_name(path), format="xls",
                                    reason="%s: %s" % (type(e).__name__, e)))
        return
    try:
        names = book.sheet_names()
        for i, name in enumerate(names):
            try:
                sheet = book.sheet_by_index(i)
            except Exception as e:
                messages.append(ScanMessage("scan.bad_sheet", path=_name(path), sheet=name, row=0,
                                            reason="%s: %s" % (type(e).__name__, e)))
                continue

            def rows(sheet=sheet, i=i):
                for r in range(sheet.nrows):
                    yield sheet.row_values(r)
                if progress:
                    progress(int(size * (i + 1) / len(names)), size)
                book.unload_sheet(i)

            yield Table(name, rows(), meta={"sheet": name})
    finally:
        book.release_resources()


class _NullLog:
    def write(self, s):
        pass

    def flush(self):
        pass


def _flatten(obj, prefix, out, depth=0):
    if isinstance(obj, dict):
        if depth > 8:
            out[prefix or "value"] = str(obj)[:1000]
            return
        for k, v in obj.items():
            _flatten(v, "%s.%s" % (prefix, k) if prefix else str(k), out, depth + 1)
    elif isinstance(obj, list):
        key = (prefix or "value") + "[]"
        for v in obj:
            if isinstance(v, (dict, list)):
                _flatten(v, key, out, depth + 1)
            elif v is not None:
                prev = out.get(key)
                out[key] = v if prev is None else "%s; %s" % (prev, v)
    else:
        out[prefix or "value"] = obj


def _record_prefix(f):
    """The ijson prefix of the first array whose items are objects (``item``, ``data.item`` ...), or None."""
    import ijson
    for prefix, event, _ in ijson.parse(f):
        if event == "start_map" and (prefix == "item" or prefix.endswith(".item")):
            return prefix
    return None


def read_json(path, fmt, options, messages, progress):
    import ijson
    size = os.path.getsize(path)
    f = open(path, "rb")
    counter = Counter(f, size, progress, options.progress_interval)
    buffered = io.BufferedReader(counter, 1 << 16)
    try:
        if fmt == "jsonl":
            yield Table(_name(path), _jsonl_rows(path, buffered, counter, messages))
            return
        try:
            prefix = _record_prefix(buffered)
        except Exception as e:
            messages.append(ScanMessage("scan.invalid_json", path=_name(path), offset=counter.count,
                                        reason="%s: %s" % (type(e).__name__, e)))
            return
        buffered.seek(0)
        if prefix is not None:
            yield Table(prefix[:-5] if prefix != "item" else _name(path),
                        _json_records(path, buffered, counter, prefix, messages), meta={"json_path": prefix})
        else:
            yield Table(_name(path), _json_leaves(path, buffered, counter, messages), meta={"json_path": "*"})
        if progress:
            progress(size, size)
    finally:
        f.close()


def _json_records(path, f, counter, prefix, messages):
    import ijson
    try:
        for obj in ijson.items(f, prefix, use_float=True):
            out = {}
            _flatten(obj, "", out)
            yield out
    except Exception as e:
        messages.append(ScanMessage("scan.invalid_json", path=_name(path), offset=counter.count,
                                    reason="%s: %s" % (type(e).__name__, e)))


def _json_leaves(path, f, counter, messages):
    """No array of objects: every scalar is a one-cell row in the column named by its path."""
    import ijson
    try:
        for prefix, event, value in ijson.parse(f, use_float=True):
            if event in ("string", "number"):
                yield {prefix.replace(".item", "[]") or "value": value}
    except Exception as e:
        messages.append(ScanMessage("scan.invalid_json", path=_name(path), offset=counter.count,
                                    reason="%s: %s" % (type(e).__name__, e)))


def _jsonl_rows(path, f, counter, messages):
    import json
    text = io.TextIOWrapper(f, encoding="utf-8-sig", errors="replace")
    for n, line in enumerate(text, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            messages.append(ScanMessage("scan.invalid_json", path=_name(path), offset=counter.count,
                                        reason="line %d: %s" % (n, e)))
            return
        out = {}
        _flatten(obj, "", out)
        yield out


def _name(path):
    return os.path.basename(str(path))


def open_tables(path, fmt, options, messages, progress=None):
    """Yield the :class:`Table` objects of ``path`` read as ``fmt``."""
    if fmt in ("csv", "tsv"):
        return read_csv(path, fmt, options, messages, progress)
    if fmt == "xlsx":
        return read_xlsx(path, options, messages, progress)
    if fmt == "xls":
        return read_xls(path, options, messages, progress)
    if fmt in ("json", "jsonl"):
        return read_json(path, fmt, options, messages, progress)
    messages.append(ScanMessage("scan.unsupported_format", path=_name(path), format=fmt))
    return iter(())
