"""The scan report: plain dataclasses, JSON-serialisable with :meth:`ScanReport.to_dict`.

Holds counts, shares, confidences and *masked* examples only.
"""
import dataclasses
import json
from dataclasses import dataclass, field
from typing import List, Optional

SCANNER_VERSION = "1"


def level(confidence):
    return "high" if confidence >= 0.9 else "medium" if confidence >= 0.6 else "low"


@dataclass
class Finding:
    """Personal information of one kind in one column."""
    table: str
    column: str
    column_index: int
    entity: str
    label_zh: str
    label_en: str
    #: values found (a cell may hold several)
    count: int
    #: rows with at least one value
    rows: int
    #: rows / rows scanned in the table
    share: float
    #: rows / non-empty cells of the column
    share_nonempty: float
    confidence: float
    level: str
    #: "value" (a detector matched), "header" (the column header alone), or both
    sources: List[str]
    examples: List[str] = field(default_factory=list)


@dataclass
class TableSummary:
    name: str
    rows: int
    columns: List[str]
    header_row: Optional[int] = None


@dataclass
class ScanReport:
    source: str
    format: Optional[str] = None
    encoding: Optional[str] = None
    delimiter: Optional[str] = None
    bytes: int = 0
    rows: int = 0
    tables: List[TableSummary] = field(default_factory=list)
    findings: List[Finding] = field(default_factory=list)
    #: ScanMessage.as_dict() items: id, level, params, zh, en
    messages: List[dict] = field(default_factory=list)
    #: False when an error stopped the scan early or a row limit cut it
    complete: bool = True
    elapsed_s: float = 0.0
    scanner_version: str = SCANNER_VERSION

    @property
    def has_pii(self):
        return any(f.sources != ["header"] or f.level != "low" for f in self.findings)

    @property
    def entities(self):
        return sorted({f.entity for f in self.findings})

    @property
    def errors(self):
        return [m for m in self.messages if m["level"] == "error"]

    def to_dict(self):
        d = dataclasses.asdict(self)
        d["has_pii"] = self.has_pii
        d["entities"] = self.entities
        return d

    def to_json(self, **kw):
        kw.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kw)
