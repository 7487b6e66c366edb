"""A text table's data rows as the input of PostgreSQL's ``COPY ... FROM STDIN
(FORMAT csv)``: read from the content pipeline's copy in its detected encoding,
the rows above the header and the footer rows (as validation found them) left
out, every cell already in its column's text form. A file-like object read by
``cursor.copy_expert`` piece by piece, so memory stays flat however long the
file. CKAN-free.
"""
from __future__ import annotations

import codecs
import collections
import csv
import io
from typing import Optional

from .columns import Column, LoadError, cell, columns
from .fulltext import column_tag, row_lexemes
from .messages import TYPE_NAMES, message

SNIFF_BYTES = 64 * 1024


def _delimiter(path: str, encoding: str, fmt: str) -> str:
    if fmt == "tsv":
        return "\t"
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        sample = f.read(SNIFF_BYTES)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


class CopyStream(io.TextIOBase):
    """The data rows of ``path`` for COPY; ``header`` and ``columns`` once opened."""

    def __init__(self, path: str, encoding: Optional[str], fmt: str, schema: Optional[dict],
                 header_row: int = 1, footer_rows: int = 0, labels: Optional[list] = None):
        super().__init__()
        if not encoding:
            raise LoadError(message("not_decodable"))
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise LoadError(message("not_decodable")) from None
        self._file = open(path, encoding=encoding, newline="")
        self.delimiter = _delimiter(path, encoding, fmt)
        self._reader = csv.reader(self._file, delimiter=self.delimiter)
        self._out = io.StringIO()
        self._writer = csv.writer(self._out, lineterminator="\n")
        self._pending: collections.deque = collections.deque()
        self._footer = footer_rows or 0
        self._buffer = ""
        self._done = False
        self.rows = 0
        self.line = 0
        #: the LoadError a read raised (psycopg2 reports it to COPY's caller only as
        #: "error in .read() call"; ``store`` raises this one instead)
        self.error: Optional[LoadError] = None
        header = None
        for _ in range(max(1, header_row or 1)):
            header = self._next()
            if header is None:
                raise LoadError(message("no_header"))
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        if labels is not None and [str(x).strip() for x in labels] != [h.strip() for h in header]:
            raise LoadError(message("header_changed"))
        self.header = header
        self.columns = columns(header, schema)
        self.names = [c.name for c in self.columns]
        self._tags = [column_tag(n) for n in self.names]
        self._typed = [(i, c) for i, c in enumerate(self.columns) if c.type != "text"]

    def _next(self) -> Optional[list]:
        try:
            row = next(self._reader)
        except StopIteration:
            return None
        except UnicodeDecodeError:
            raise LoadError(message("not_decodable")) from None
        except csv.Error as e:
            raise LoadError(message("unparsable_line", line=self._reader.line_num, error=str(e))) from None
        self.line += 1
        return row

    def _data_row(self) -> Optional[list]:
        """The next data row (blank rows skipped, the footer held back), or None."""
        while True:
            row = self._next()
            if row is None:
                return None
            if not any(c.strip(" \t\r\n\u3000") for c in row):
                continue
            self._pending.append((self.line, row))
            if len(self._pending) > self._footer:
                return self._pending.popleft()

    def _encode(self, line: int, row: list) -> str:
        """The row as a COPY line: ``_full_text`` first (letters, digits, Chinese and
        spaces: no CSV quoting needed, and the writer never scans it), then the cells;
        text cells go as read (empty is NULL either way: ``FORCE_NULL``), typed ones
        checked and in PostgreSQL's text form."""
        want = len(self.columns)
        if len(row) != want:
            raise LoadError(message("bad_row", row=line, got=len(row), want=want))
        out = list(row)
        for i, column in self._typed:
            try:
                out[i] = cell(column, row[i])
            except (ValueError, ArithmeticError):
                named = TYPE_NAMES[column.type]() if column.type in TYPE_NAMES else column.type
                raise LoadError(message("bad_cell", row=line, name=column.name, type=named)) from None
        # _full_text: Chinese cut in pairs, and each cell's tokens tagged with its column (fulltext.py)
        self._out.write((row_lexemes(row, self._tags) or "") + ",")
        self._writer.writerow(out)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> str:
        try:
            return self._read(size)
        except LoadError as e:
            self.error = e
            raise

    def _read(self, size: int) -> str:
        while not self._done and (size < 0 or len(self._buffer) < size):
            item = self._data_row()
            if item is None:
                self._done = True
                break
            self._encode(*item)
            self.rows += 1
            if self._out.tell() > 65536:
                self._buffer += self._out.getvalue()
                self._out.seek(0)
                self._out.truncate()
        if self._out.tell():
            self._buffer += self._out.getvalue()
            self._out.seek(0)
            self._out.truncate()
        if size < 0:
            out, self._buffer = self._buffer, ""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    readline = read

    def close(self):
        self._file.close()
        super().close()


def column_list(cols: list) -> str:
    return ", ".join('"%s"' % c.name for c in cols)


#: the first column of every COPY row (``CopyStream._encode``)
FULL_TEXT = '"_full_text"'


__all__ = ["CopyStream", "Column", "column_list"]
