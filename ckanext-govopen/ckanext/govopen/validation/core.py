"""``validate(path_or_stream, ...) -> Report``: Frictionless, streamed.

Frictionless reads the file row by row; this module decides what it reads
(encoding, header row, footer) and keeps what it finds small (``Tally``), so
memory stays flat however large the file. The rows are checked by
Frictionless's own baseline check, so the error types are exactly the ones
``frictionless validate`` reports.
"""
from __future__ import annotations

import collections
import os
import tempfile
import time
from dataclasses import dataclass
from typing import Any, BinaryIO, Optional, Union

from . import encoding as encodings
from . import layout
from .formats import tabular_format
from .report import ERROR, INVALID, VALID, Report, Tally, preview_cells
from .schema import INFERRED


@dataclass(frozen=True)
class Limits:
    """How much one validation may read. 0 means no limit."""
    max_bytes: int = 2 * 1024 ** 3
    #: Check only the first N data rows (the report says ``sampled``).
    sample_rows: int = 0
    #: Errors kept in full per error type; the rest are counted.
    keep_errors: int = 20
    #: The first N data rows kept in the report as the dataset page's preview.
    preview_rows: int = 10


def _too_large(size: int, limits: Limits, started: float) -> Report:
    tally = Tally()
    tally.add_problem("too-large", "File too large",
                      f"the file has {size} bytes; the limit is {limits.max_bytes} "
                      f"(文件 {size} 字节，超过 {limits.max_bytes} 字节的上限)")
    return Report(status=ERROR, error_count=1, errors=tally.grouped(), bytes=size,
                  seconds=time.monotonic() - started)


def _spool(stream: BinaryIO, limit: int) -> str:
    """Copy a stream to a temporary file (flat memory), at most one byte past
    ``limit`` (enough to tell it is too large); its path."""
    handle, path = tempfile.mkstemp(prefix="govopen-validate-")
    left = limit + 1 if limit else None
    with os.fdopen(handle, "wb") as out:
        while left is None or left > 0:
            chunk = stream.read(1024 * 1024 if left is None else min(left, 1024 * 1024))
            if not chunk:
                break
            out.write(chunk)
            if left is not None:
                left -= len(chunk)
    return path


def _open_table(path, fmt, text_encoding, header_rows, schema):
    from frictionless import Detector, Dialect, Schema
    from frictionless.resources import TableResource

    dialect = Dialect(header_rows=header_rows) if header_rows else Dialect()
    options: dict = {"path": path, "format": fmt, "dialect": dialect, "detector": Detector()}
    if text_encoding:
        options["encoding"] = text_encoding
    if schema is not None:
        options["schema"] = Schema.from_descriptor(schema)
    return TableResource(**options)


def _detect_header(path, fmt, text_encoding) -> int:
    """The header row from the first rows, read without a header."""
    from frictionless import Dialect
    from frictionless.resources import TableResource

    probe = TableResource(path=path, format=fmt, dialect=Dialect(header=False),
                          **({"encoding": text_encoding} if text_encoding else {}))
    with probe:
        return layout.header_row(probe.sample)


def validate(source: Union[str, os.PathLike, BinaryIO], *, format: Optional[str] = None,
             name: Optional[str] = None, schema: Optional[dict] = None,
             schema_source: Optional[str] = None, header_row: Optional[int] = None,
             skip_footer: Optional[int] = None, text_encoding: Optional[str] = None,
             limits: Limits = Limits()) -> Report:
    """Validate one table file; never raises for bad data, only reports it.

    ``schema`` is a Table Schema descriptor (None: infer, reported as
    ``inferred``); ``header_row``/``skip_footer`` override detection.
    """
    started = time.monotonic()
    spooled = None
    if not isinstance(source, (str, os.PathLike)):
        name = name or getattr(source, "name", None)
        spooled = source = _spool(source, limits.max_bytes)
    try:
        path = os.fspath(source)
        fmt = tabular_format(format, name or path)
        if fmt is None:
            raise ValueError(f"not a table format: {format or name or path}")
        size = os.path.getsize(path)
        if limits.max_bytes and size > limits.max_bytes:
            return _too_large(size, limits, started)
        return _validate_file(path, fmt, size, schema, schema_source, header_row,
                              skip_footer, text_encoding, limits, started)
    finally:
        if spooled:
            os.unlink(spooled)


def _validate_file(path, fmt, size, schema, schema_source, header_row, skip_footer,
                   text_encoding, limits, started) -> Report:
    from frictionless import Checklist, FrictionlessException

    tally = Tally(keep=limits.keep_errors)
    report = Report(status=VALID, format=fmt, bytes=size,
                    schema_source=schema_source or (INFERRED if schema is None else "given"))
    if fmt in ("csv", "tsv") and not text_encoding:
        with open(path, "rb") as f:
            text_encoding = encodings.detect(f)
    report.encoding = text_encoding

    resource = None
    try:
        report.header_row = header_row or _detect_header(path, fmt, text_encoding)
        resource = _open_table(path, fmt, text_encoding, [report.header_row], schema)
        resource.open()
    except FrictionlessException as exception:
        for error in exception.to_errors():
            tally.add(error)
        if resource is not None:
            resource.close()
        return _finish(report, tally, started)

    try:
        checks = Checklist().connect(resource)
        for check in checks:
            for error in check.validate_start():
                tally.add(error)
        lookahead = layout.FOOTER_LOOKAHEAD
        pending: collections.deque = collections.deque()

        def check_row(row):
            report.rows += 1
            if len(report.preview) < limits.preview_rows:
                report.preview.append(preview_cells(row.cells))
            for check in checks:
                for error in check.validate_row(row):
                    tally.add(error)

        stream = resource.row_stream
        while True:
            try:
                row = next(stream)
            except StopIteration:
                break
            except FrictionlessException as exception:
                tally.add(exception.error)
                break
            pending.append(row)
            if len(pending) > lookahead:
                check_row(pending.popleft())
                if limits.sample_rows and report.rows >= limits.sample_rows:
                    report.sampled = True
                    break
        if not report.sampled:
            rows = list(pending)
            report.footer_rows = layout.footer_length([r.cells for r in rows], skip_footer)
            for row in rows[:len(rows) - report.footer_rows]:
                check_row(row)
            for check in checks:
                for error in check.validate_end():
                    tally.add(error)
        report.labels = [str(label) for label in resource.labels]
        report.schema = resource.schema.to_descriptor()
        report.encoding = resource.encoding if fmt in ("csv", "tsv") else None
    except FrictionlessException as exception:
        for error in exception.to_errors():
            tally.add(error)
    finally:
        resource.close()
    if report.sampled:
        report.warnings.append(f"sampled: only the first {report.rows} data rows were checked "
                               f"(抽样：仅校验了前 {report.rows} 行)")
    if report.schema_source == INFERRED:
        report.warnings.append("the schema was inferred from the data; the owner should confirm it "
                               "(表结构由数据推断，请数据提供方确认)")
    return _finish(report, tally, started)


def _finish(report: Report, tally: Tally, started: float) -> Report:
    report.errors = tally.grouped()
    report.error_count = tally.total
    if tally.total:
        report.status = INVALID
    report.seconds = round(time.monotonic() - started, 3)
    return report
