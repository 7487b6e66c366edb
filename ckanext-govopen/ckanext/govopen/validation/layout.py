"""Where the table is inside a government export.

Statistical exports put metadata rows above the header (``数据库：年度数据``,
``时间：最近10年``) and notes below the data (``注：…``, ``数据来源：国家统计局``).
Those rows are not data: validating them would report "missing cell" on every
note. A resource may say where its header is (``header_row``, 1-based) and how
many rows to drop at the end (``skip_footer``); otherwise both are detected:

- metadata rows: leading rows with at most one filled cell, the first, followed
  (within the first rows) by a row with two or more filled cells;
- footer: the trailing rows with at most one filled cell, the first, starting
  at a row that begins with a note marker (注, 说明, 数据来源 ...), plus any
  blank rows right before it.
"""
from __future__ import annotations

import re
from typing import Any, Optional, Sequence

#: Metadata rows looked at above the header.
MAX_METADATA_ROWS = 10
#: Rows held back at the end of the stream to find a footer (also the most
#: rows ``skip_footer`` may drop).
FOOTER_LOOKAHEAD = 20

NOTE_MARKER = re.compile(
    r"^[\s\u3000]*(注|说明|備註|备注|附注|数据来源|資料來源|资料来源|来源|來源"
    r"|notes?\b|sources?\b|\*|※)", re.IGNORECASE)


def filled(cell: Any) -> bool:
    if cell is None:
        return False
    if isinstance(cell, str):
        return bool(cell.strip(" \t\r\n\u3000"))
    return True


def _at_most_first(cells: Sequence[Any]) -> bool:
    """No filled cell except possibly the first."""
    return not any(filled(c) for c in list(cells)[1:])


def metadata_rows(sample: Sequence[Sequence[Any]]) -> int:
    """How many leading rows of ``sample`` describe the table rather than head it."""
    for index, cells in enumerate(sample[:MAX_METADATA_ROWS + 1]):
        if not _at_most_first(cells):
            return index
    return 0


def header_row(sample: Sequence[Sequence[Any]], configured: Optional[int] = None) -> int:
    """The 1-based row number of the header: the configured one, else detected."""
    if configured:
        return int(configured)
    return metadata_rows(sample) + 1


def footer_length(tail: Sequence[Sequence[Any]], configured: Optional[int] = None) -> int:
    """How many of the last rows (``tail``, in order) are notes, not data."""
    if configured is not None:
        return max(0, min(int(configured), len(tail)))
    start = len(tail)
    while start > 0 and _at_most_first(tail[start - 1]):
        start -= 1
    # tail[start:] holds at most a first cell each; the footer starts at the
    # first note marker in that block, together with blank rows just above it.
    for index in range(start, len(tail)):
        first = tail[index][0] if len(tail[index]) else None
        if isinstance(first, str) and NOTE_MARKER.match(first):
            while index > start and not any(filled(c) for c in tail[index - 1]):
                index -= 1
            return len(tail) - index
    return 0


def parse_count(value: Any, name: str) -> Optional[int]:
    """A resource's ``header_row`` / ``skip_footer`` as an int (None when unset)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0 or (name == "header_row" and number < 1):
        raise ValueError(f"{name} must be {'at least 1' if name == 'header_row' else 'zero or more'}, not {number}")
    return number
