"""The fast load: the validated file straight into PostgreSQL's ``COPY``, no Python per row.

``stream.CopyStream`` reads every row in Python (checks and converts each typed
cell, cuts the Chinese cells into the ``_full_text`` tokens): ~60x the CPU of a
bare ``COPY`` at 1M rows (bench/datastore/RESULTS.md). When the file and its
Table Schema need nothing PostgreSQL cannot do itself, the load instead hands
PostgreSQL the file's bytes as they are (``HEADER``, the sniffed delimiter,
the file's encoding converted by PostgreSQL), typed columns parsed by
PostgreSQL's own input functions, ``_full_text`` left empty: that is the
table's first phase, queryable with types, filters, sort and keyset paging
(``store.load``); the full text is its second phase.

``plan`` says whether a file qualifies, CKAN-free. It qualifies only when
PostgreSQL reads every cell as the Python path would for a valid file:
integers and years, numbers without ``groupChar``/``decimalChar``/``bareNumber``,
ISO dates and date-times (``format`` default), booleans with Frictionless'
default true/false values, one header row, no footer, an encoding PostgreSQL
converts. Anything PostgreSQL still refuses (a cell, a blank line, a row of the
wrong length) or a row count other than validation's makes the load fall back
to the Python path, which names the row and column in zh/en; so the fast load is
only tried for a file validation checked whole (``expect_rows`` known), where
PostgreSQL's broader inputs (``yes``/``on`` booleans, non-ISO dates) never meet
a cell validation did not pass.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Optional

#: Python codec name (``codecs.lookup(..).name``) -> PostgreSQL client encoding
ENCODINGS = {"utf-8": "UTF8", "utf-8-sig": "UTF8", "ascii": "UTF8", "gb18030": "GB18030",
             "gbk": "GBK", "big5": "BIG5"}
#: the delimiters ``stream._delimiter`` may find
DELIMITERS = (",", ";", "\t", "|")
DEFAULT_TRUE = {"true", "True", "TRUE", "1"}
DEFAULT_FALSE = {"false", "False", "FALSE", "0"}
#: bytes handed to COPY per read
CHUNK = 1 << 20


@dataclass(frozen=True)
class Plan:
    encoding: str       # PostgreSQL's name
    delimiter: str

    def options(self, names: str) -> str:
        """The ``WITH (...)`` of the COPY for the columns ``names`` (quoted, comma-joined)."""
        delim = "E'\\t'" if self.delimiter == "\t" else f"'{self.delimiter}'"
        return (f"FORMAT csv, HEADER true, DELIMITER {delim}, ENCODING '{self.encoding}', "
                f"FORCE_NULL ({names})")


def _field_ok(spec: dict) -> bool:
    kind = spec.get("type") or "string"
    if kind in ("integer", "year"):
        return spec.get("bareNumber", True) is not False
    if kind == "number":
        return not spec.get("groupChar") and spec.get("decimalChar", ".") in (None, ".") \
            and spec.get("bareNumber", True) is not False
    if kind == "boolean":
        return set(spec.get("trueValues") or DEFAULT_TRUE) <= DEFAULT_TRUE \
            and set(spec.get("falseValues") or DEFAULT_FALSE) <= DEFAULT_FALSE
    if kind in ("date", "datetime"):
        return (spec.get("format") or "default") == "default"
    return True                 # loaded as text, as read


def plan(encoding: Optional[str], delimiter: str, schema: Optional[dict], header: list,
         header_row: int = 1, footer_rows: int = 0) -> Optional[Plan]:
    """How to COPY the file as it is, or None (the Python path)."""
    if (header_row or 1) != 1 or footer_rows or delimiter not in DELIMITERS:
        return None
    try:
        name = codecs.lookup(encoding or "").name
    except LookupError:
        return None
    if name not in ENCODINGS:
        return None
    specs = {f.get("name"): f for f in (schema or {}).get("fields") or [] if isinstance(f, dict)}
    if not all(_field_ok(specs.get(h) or {}) for h in header):
        return None
    return Plan(ENCODINGS[name], delimiter)
