"""k-anonymity of a table over a set of quasi-identifier columns.

One pass, streaming: a dict maps each distinct combination of quasi-identifier
values to its row count. Memory is therefore bounded by the number of
*distinct combinations*, not by the number of rows (a million rows of
(age band, sex, district) is a few thousand keys); ``max_classes`` caps it
and stops the check with a message when a table has too many (every row
nearly unique, which already means "not k-anonymous" for any k > 1).

Values are compared as stripped text (``"30"`` and ``30`` are one value);
an empty cell is a value of its own (like a suppressed ``*``). The result
carries counts only, never the combinations themselves.
"""
from dataclasses import dataclass, field, asdict
from typing import List

from .messages import ScanMessage

DEFAULT_MAX_CLASSES = 5_000_000


@dataclass
class KAnonymityResult:
    k: int
    quasi_identifiers: List[str]
    rows: int = 0
    #: number of distinct quasi-identifier combinations (equivalence classes)
    classes: int = 0
    #: size of the smallest class (the table is min_class_size-anonymous); 0 for no rows
    min_class_size: int = 0
    #: classes with fewer than k rows, and the rows in them
    offending_classes: int = 0
    offending_rows: int = 0
    satisfied: bool = False
    complete: bool = True
    messages: List[dict] = field(default_factory=list)

    def to_dict(self):
        return asdict(self)


def _norm(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def k_anonymity(rows, quasi_identifiers, k=5, header=None, max_classes=DEFAULT_MAX_CLASSES):
    """Check ``rows`` (dicts, or sequences with ``header``) for k-anonymity over ``quasi_identifiers``.

    Returns a :class:`KAnonymityResult`; missing columns or too many classes
    give ``complete=False`` and an error message instead of an exception.
    """
    if k < 1:
        raise ValueError("k must be >= 1")
    qis = list(quasi_identifiers)
    res = KAnonymityResult(k=k, quasi_identifiers=qis)
    idx = None
    if header is not None:
        names = [("" if h is None else str(h).strip()) for h in header]
        missing = [q for q in qis if q not in names]
        if missing:
            res.complete = False
            res.messages.append(ScanMessage("kanon.missing_columns", columns=", ".join(missing),
                                            header=", ".join(names)).as_dict())
            return res
        idx = [names.index(q) for q in qis]
    counts = {}
    n = 0
    for row in rows:
        n += 1
        if idx is not None:
            key = tuple(_norm(row[i]) if i < len(row) else "" for i in idx)
        else:
            if n == 1:
                missing = [q for q in qis if q not in row]
                if missing:
                    res.complete = False
                    res.messages.append(ScanMessage("kanon.missing_columns", columns=", ".join(missing),
                                                    header=", ".join(map(str, row))).as_dict())
                    return res
            key = tuple(_norm(row.get(q)) for q in qis)
        c = counts.get(key)
        if c is None:
            if len(counts) >= max_classes:
                res.complete = False
                res.messages.append(ScanMessage("kanon.too_many_classes", limit=max_classes, row=n).as_dict())
                break
            counts[key] = 1
        else:
            counts[key] = c + 1
    res.rows = n if res.complete else n - 1
    res.classes = len(counts)
    if counts:
        sizes = counts.values()
        res.min_class_size = min(sizes)
        small = [s for s in sizes if s < k]
        res.offending_classes = len(small)
        res.offending_rows = sum(small)
    res.satisfied = res.complete and res.rows > 0 and res.min_class_size >= k
    return res


def k_anonymity_file(path, quasi_identifiers, k=5, format=None, options=None, max_classes=DEFAULT_MAX_CLASSES):
    """:func:`k_anonymity` over the first table of a file; its header is the first non-empty row."""
    import itertools

    from . import readers
    from .scanner import ScanOptions
    options = options or ScanOptions()
    messages = []
    res = None
    fmt = readers.detect_format(path, format)
    for table in readers.open_tables(path, fmt, options, messages, options.progress):
        rows = iter(table.rows)
        first = next((r for r in rows if isinstance(r, dict) or any(v not in (None, "") for v in r)), None)
        if first is None:
            break
        if isinstance(first, dict):
            res = k_anonymity(itertools.chain([first], rows), quasi_identifiers, k, max_classes=max_classes)
        else:
            res = k_anonymity(rows, quasi_identifiers, k, header=first, max_classes=max_classes)
        break
    if res is None:
        res = KAnonymityResult(k=k, quasi_identifiers=list(quasi_identifiers))
    for m in messages:
        res.messages.append(m.as_dict())
        if m.level == "error":
            res.complete = False
            res.satisfied = False
    return res
