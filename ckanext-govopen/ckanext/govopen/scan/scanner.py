"""The personal-information scan: rows in, a :class:`~.report.ScanReport` out.

Memory is bounded per column (counters and at most ``max_examples`` masked
examples per entity), whatever the number of rows: no value is kept after
its cell has been looked at. Header detection buffers the first
``header_scan_rows`` rows only.
"""
import datetime
import logging
import os
import time
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from . import readers
from .detectors import Dispatcher, resolve
from .detectors import headers as _headers
from .detectors.base import FULLWIDTH
from .messages import ScanMessage
from .report import Finding, ScanReport, TableSummary, level

log = logging.getLogger(__name__)

#: Header hints that support value findings of another entity.
HINT_SUPPORTS = {"phone": {"mobile_phone"}, "account": {"bank_card"}, "mobile_phone": {"mobile_phone"}}
#: Confidence of a header-only finding (no detector matched the column's values).
HEADER_ONLY_CONFIDENCE = {"person_name": 0.7, "address": 0.6, "resident_id": 0.6, "bank_card": 0.6,
                          "passport": 0.6, "mobile_phone": 0.6, "phone": 0.6, "credit_code": 0.4,
                          "email": 0.5, "account": 0.5}
MIN_TOKEN_CELL = 6     # shortest cell that can hold a value (a@b.cn)


@dataclass
class ScanOptions:
    #: Text encoding of CSV/TSV; None detects (BOM, UTF-8, GB18030, Big5).
    encoding: Optional[str] = None
    #: CSV delimiter; None sniffs among , TAB ; |
    delimiter: Optional[str] = None
    #: Stop after this many rows in total (None: all); the report is then incomplete.
    max_rows: Optional[int] = None
    #: Masked examples kept per column and entity.
    max_examples: int = 3
    #: Detector names or instances (None: all).
    detectors: Optional[Sequence] = None
    #: Row index of the header (0-based); None detects it among the first rows; -1: no header.
    header_row: Optional[int] = None
    header_scan_rows: int = 25
    #: Called as progress(bytes_read, total_bytes) about every ``progress_interval`` bytes.
    progress: Optional[Callable[[int, Optional[int]], None]] = None
    progress_interval: int = 1 << 20
    #: Columns tracked per table; cells beyond are scanned as one overflow column.
    max_columns: int = 2000
    #: Characters of one cell that are scanned.
    max_cell_chars: int = 100_000


def _to_text(v):
    """A cell value as text, or None for values that cannot hold an identifier."""
    t = type(v)
    if t is int:
        return str(v)
    if t is float:
        return str(int(v)) if v.is_integer() and abs(v) < 1e20 else None
    if t is bool or isinstance(v, (datetime.date, datetime.time, datetime.timedelta)):
        return None
    return str(v)


class _Stat:
    __slots__ = ("detector", "count", "rows", "last_row", "examples")

    def __init__(self, detector):
        self.detector = detector
        self.count = 0
        self.rows = 0
        self.last_row = -1
        self.examples = []


class _Col:
    __slots__ = ("index", "name", "hint", "nonempty", "premasked", "hits", "stats", "hint_examples")

    def __init__(self, index, name):
        self.index = index
        self.name = name
        self.hint = _headers.hint(name) if name else None
        self.nonempty = 0
        self.premasked = 0      # hinted column: cells already masked or placeholders (暂无, -)
        self.hits = 0           # cells with at least one value found
        self.stats = {}
        self.hint_examples = []


PLACEHOLDERS = frozenset(["暂无", "无", "-", "--", "—", "/", "null", "none", "n/a", "na", "空", "不详", "未知",
                          "暂缺", "略", "0", "待定", "待补充"])


def _looks_masked(v):
    return "**" in v or "××" in v or "xxxx" in v.lower()


class TableScanner:
    """Scans the rows of one table; feed rows, then :meth:`findings`."""

    def __init__(self, name, dispatcher, options, header=None, messages=None):
        self.name = name
        self.disp = dispatcher
        self.opt = options
        self.messages = messages if messages is not None else []
        self.rows = 0
        self.cols = []
        self.keys = {}            # dict rows: key -> column index
        self.header_row = None
        self._pending = None if header is not None or options.header_row == -1 else []
        if header is not None:
            self._set_header(list(header))
        elif options.header_row == -1:
            self.header_row = None

    # --- header -----------------------------------------------------------
    def _set_header(self, header):
        limit = self.opt.max_columns
        for i, h in enumerate(header[:limit]):
            name = "" if h is None else str(h).strip().lstrip("\ufeff")
            self.cols.append(_Col(i, name or "column_%d" % (i + 1)))
            if name and name not in self.keys:
                self.keys[name] = i

    def _choose_header(self, rows):
        if self.opt.header_row is not None:
            return min(self.opt.header_row, len(rows) - 1)
        widths = [sum(1 for v in r if v not in (None, "") and not (isinstance(v, str) and v.isspace())) for r in rows]
        maxw = max(widths) if widths else 0
        if maxw <= 1:
            return 0
        need = max(2, -(-maxw * 6 // 10))
        for i, w in enumerate(widths):
            if w >= need:
                return i
        return 0

    def _flush_pending(self):
        rows, self._pending = self._pending, None
        if not rows:
            return
        hi = self._choose_header(rows)
        header = rows[hi]
        texts = [t for t in (_to_text(v) for v in header if v is not None) if t]
        if any(True for t in texts for _ in self.disp.scan(t.translate(FULLWIDTH))):
            self.messages.append(ScanMessage("scan.headerless", table=self.name))
            width = max(len(r) for r in rows)
            self._set_header([None] * width)
            for r in rows:
                self._feed_list(r)
            return
        self.header_row = hi
        self._set_header(list(header))
        for i, r in enumerate(rows):
            if i != hi:
                self._feed_list(r)       # rows above the header (titles, notes) are scanned as data too

    # --- rows -------------------------------------------------------------
    def feed(self, row):
        if isinstance(row, dict):
            return self._feed_dict(row)
        if self._pending is not None:
            self._pending.append(list(row))
            if len(self._pending) >= self.opt.header_scan_rows:
                self._flush_pending()
            return
        self._feed_list(row)

    def _feed_dict(self, row):
        keys = self.keys
        cols = self.cols
        lst = [None] * len(cols)
        for k, v in row.items():
            i = keys.get(k)
            if i is None:
                i = len(cols)
                if i >= self.opt.max_columns:
                    i = self._overflow()
                else:
                    cols.append(_Col(i, str(k)))
                    lst.append(None)
                keys[k] = i
            if i < len(lst):
                lst[i] = v if lst[i] is None else "%s; %s" % (lst[i], v)
        self._feed_list(lst)

    def _overflow(self):
        limit = self.opt.max_columns
        if len(self.cols) <= limit:
            self.messages.append(ScanMessage("scan.column_limit", table=self.name, limit=limit))
            self.cols.append(_Col(limit, "(columns %d+)" % (limit + 1)))
        return limit

    def _feed_list(self, row):
        self.rows += 1
        r = self.rows
        cols = self.cols
        scan = self.disp.scan
        maxex = self.opt.max_examples
        maxcell = self.opt.max_cell_chars
        limit = self.opt.max_columns
        for i, v in enumerate(row):
            if v is None:
                continue
            if type(v) is not str:
                v = _to_text(v)
                if v is None:
                    if i < len(cols):
                        cols[i].nonempty += 1
                    continue
            if not v or v.isspace():
                continue
            if i >= len(cols):
                if i >= limit:
                    i = self._overflow()
                else:
                    while len(cols) <= i:
                        cols.append(_Col(len(cols), "column_%d" % (len(cols) + 1)))
            col = cols[i]
            col.nonempty += 1
            if col.hint is not None:
                if (("*" in v or "×" in v or "x" in v or "X" in v) and _looks_masked(v)) \
                        or (len(v) <= 4 and v.strip().lower() in PLACEHOLDERS):
                    col.premasked += 1
                    continue
                if len(col.hint_examples) < maxex:
                    m = _headers.mask(col.hint.entity, v)
                    if m not in col.hint_examples:
                        col.hint_examples.append(m)
            if len(v) < MIN_TOKEN_CELL:
                continue
            if not v.isascii():
                v = v.translate(FULLWIDTH)
            if len(v) > maxcell:
                v = v[:maxcell]
            hits = scan(v)
            if hits:
                col.hits += 1
            for det, _s, _e, val in hits:
                st = col.stats.get(det.entity)
                if st is None:
                    st = col.stats[det.entity] = _Stat(det)
                st.count += 1
                if st.last_row != r:
                    st.last_row = r
                    st.rows += 1
                if len(st.examples) < maxex:
                    m = det.mask(val)
                    if m not in st.examples:
                        st.examples.append(m)

    def finish(self):
        if self._pending is not None:
            self._flush_pending()

    # --- results ----------------------------------------------------------
    def findings(self):
        out = []
        total = self.rows or 1
        for col in self.cols:
            hint = col.hint
            supported = set()
            if hint is not None:
                supported = HINT_SUPPORTS.get(hint.entity, {hint.entity})
            for entity, st in col.stats.items():
                det = st.detector
                conf = det.confidence
                sources = ["value"]
                if entity in supported and not hint.public:
                    conf = 1 - (1 - conf) * 0.2
                    sources.append("header")
                nonempty = col.nonempty or 1
                if st.rows / nonempty >= 0.5:
                    conf = 1 - (1 - conf) * 0.5
                conf = round(conf, 3)
                out.append(Finding(self.name, col.name, col.index, entity, det.label["zh"], det.label["en"],
                                   st.count, st.rows, round(st.rows / total, 6), round(st.rows / nonempty, 6),
                                   conf, level(conf), sources, list(st.examples)))
            if hint is not None and not (supported & set(col.stats)):
                n = col.nonempty - col.premasked - col.hits
                if n <= 0:
                    continue
                conf = HEADER_ONLY_CONFIDENCE.get(hint.entity, 0.5) * (0.5 if hint.public else 1)
                conf = round(conf, 3)
                lab = _label(hint.entity)
                out.append(Finding(self.name, col.name, col.index, hint.entity, lab["zh"], lab["en"],
                                   n, n, round(n / total, 6), round(n / (col.nonempty or 1), 6),
                                   conf, level(conf), ["header"], list(col.hint_examples)))
        return out

    def summary(self):
        return TableSummary(self.name, self.rows, [c.name for c in self.cols], self.header_row)


def _label(entity):
    from .detectors import DETECTORS
    if entity in DETECTORS:
        return DETECTORS[entity].label
    return _headers.LABELS.get(entity, {"zh": entity, "en": entity})


def scan_rows(header, rows, options=None, name="rows"):
    """Scan an iterable of rows (lists or dicts). ``header`` None detects it among the first rows.

    Returns a :class:`ScanReport` with one table.
    """
    options = options or ScanOptions()
    t0 = time.monotonic()
    report = ScanReport(source=name)
    messages = []
    ts = TableScanner(name, Dispatcher(resolve(options.detectors)), options, header=header, messages=messages)
    limit = options.max_rows
    seen = 0
    for row in rows:
        if limit is not None and seen >= limit:
            messages.append(ScanMessage("scan.row_limit", rows=limit))
            report.complete = False
            break
        seen += 1
        ts.feed(row)
    ts.finish()
    report.rows = ts.rows
    report.tables.append(ts.summary())
    report.findings = ts.findings()
    report.messages = [m.as_dict() for m in messages]
    report.elapsed_s = round(time.monotonic() - t0, 3)
    return report


def scan_file(path, format=None, options=None):
    """Scan a CSV/TSV/XLSX/XLS/JSON file. Never raises for a bad file: errors are report messages.

    ``format`` is a CKAN resource format (``CSV``, ``XLSX`` ...) or None for
    detection from magic bytes and the suffix.
    """
    options = options or ScanOptions()
    t0 = time.monotonic()
    report = ScanReport(source=os.path.basename(str(path)))
    messages = []
    if not os.path.isfile(path):
        messages.append(ScanMessage("scan.file_not_found", path=report.source))
        return _done(report, messages, t0)
    try:
        report.bytes = os.path.getsize(path)
        fmt = readers.detect_format(path, format)
    except OSError as e:
        messages.append(ScanMessage("scan.unreadable", path=report.source, reason=e.strerror or str(e)))
        return _done(report, messages, t0)
    report.format = fmt
    disp = Dispatcher(resolve(options.detectors))
    limit = options.max_rows
    seen = 0
    stopped = False
    try:
        for table in readers.open_tables(path, fmt, options, messages, options.progress):
            report.encoding = table.meta.get("encoding", report.encoding)
            report.delimiter = table.meta.get("delimiter", report.delimiter)
            ts = TableScanner(table.name, disp, options, header=table.header, messages=messages)
            for row in table.rows:
                if limit is not None and seen >= limit:
                    messages.append(ScanMessage("scan.row_limit", rows=limit))
                    stopped = True
                    break
                seen += 1
                ts.feed(row)
            ts.finish()
            report.rows += ts.rows
            report.tables.append(ts.summary())
            report.findings.extend(ts.findings())
            if stopped:
                break
    except OSError as e:
        messages.append(ScanMessage("scan.unreadable", path=report.source, reason=e.strerror or str(e)))
    if stopped:
        report.complete = False
    if report.rows == 0 and not any(m.level == "error" for m in messages):
        messages.append(ScanMessage("scan.empty", path=report.source))
    return _done(report, messages, t0)


def _done(report, messages, t0):
    report.messages = [m.as_dict() for m in messages]
    if any(m.level == "error" for m in messages):
        report.complete = False
    report.elapsed_s = round(time.monotonic() - t0, 3)
    log.debug("scanned %s: %d rows, %d findings, %d messages", report.source, report.rows,
              len(report.findings), len(messages))
    return report
