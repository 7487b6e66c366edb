"""The validation report: errors grouped by type, the first few of each in
full, counts for the rest, and what was checked (schema, encoding, rows,
whether only a sample was read).

``Tally`` is what keeps memory flat: it sees every error Frictionless finds,
counts it, and keeps only the first ``keep`` of each type.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional

VALID = "valid"
INVALID = "invalid"
ERROR = "error"   # could not be validated (too large, unreadable, not fetched)

#: Chinese titles of the error types a data officer meets most.
TITLES_ZH = {
    "extra-cell": "多余单元格", "missing-cell": "缺少单元格", "type-error": "数据类型错误",
    "constraint-error": "违反约束", "unique-error": "值不唯一", "blank-row": "空行",
    "primary-key": "主键重复或为空", "foreign-key": "外键不匹配", "duplicate-row": "重复行",
    "extra-label": "多余列名", "missing-label": "缺少列名", "blank-label": "列名为空",
    "duplicate-label": "列名重复", "incorrect-label": "列名与信息项不符",
    "blank-header": "表头为空", "unmatched-header": "表头不匹配",
    "source-error": "文件无法读取", "format-error": "文件格式错误",
    "encoding-error": "文字编码错误", "scheme-error": "文件地址错误",
    "resource-error": "资源描述错误", "schema-error": "表结构（Schema）错误",
    "field-error": "字段定义错误", "hash-count": "校验和不符", "byte-count": "字节数不符",
    "too-large": "文件过大", "fetch-error": "文件无法下载", "layout-error": "表头或脚注设置错误",
}


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a cell (dates, decimals ... as text)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def error_entry(error) -> dict:
    """One Frictionless error as row / column / message."""
    entry = {"type": error.type, "message": error.message, "note": getattr(error, "note", "")}
    row = getattr(error, "row_number", None)
    if row is None and getattr(error, "row_numbers", None):
        row = error.row_numbers[0]
    entry["row"] = row
    entry["column"] = getattr(error, "field_name", None) or getattr(error, "label", None)
    entry["field_number"] = getattr(error, "field_number", None)
    if hasattr(error, "cell"):
        entry["cell"] = _plain(error.cell)
    return entry


#: A preview cell longer than this is cut (the preview is a glance, not a copy).
PREVIEW_CELL_MAX = 200


def preview_cells(cells) -> List[Any]:
    """One data row as the preview keeps it: JSON-safe, long cells cut."""
    out = []
    for value in cells:
        value = _plain(value)
        if isinstance(value, str) and len(value) > PREVIEW_CELL_MAX:
            value = value[:PREVIEW_CELL_MAX] + "…"
        out.append(value)
    return out


@dataclass
class Tally:
    """Every error counted by type; the first ``keep`` of each kept whole."""
    keep: int = 20
    counts: Dict[str, int] = field(default_factory=dict)
    kept: Dict[str, List[dict]] = field(default_factory=dict)
    titles: Dict[str, str] = field(default_factory=dict)

    def add(self, error) -> None:
        kind = error.type
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.titles.setdefault(kind, getattr(error, "title", kind))
        bucket = self.kept.setdefault(kind, [])
        if len(bucket) < self.keep:
            bucket.append(error_entry(error))

    def add_problem(self, kind: str, title: str, message: str) -> None:
        """An error of our own making (too large, not fetched ...)."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.titles.setdefault(kind, title)
        self.kept.setdefault(kind, []).append(
            {"type": kind, "message": message, "note": "", "row": None, "column": None,
             "field_number": None})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def grouped(self) -> Dict[str, dict]:
        return {kind: {"count": count,
                       "title": self.titles.get(kind, kind),
                       "title_zh": TITLES_ZH.get(kind, self.titles.get(kind, kind)),
                       "errors": self.kept.get(kind, []),
                       "omitted": count - len(self.kept.get(kind, []))}
                for kind, count in sorted(self.counts.items(), key=lambda kv: -kv[1])}


@dataclass
class Report:
    """What one validation of one file found."""
    status: str
    error_count: int = 0
    errors: Dict[str, dict] = field(default_factory=dict)
    format: Optional[str] = None
    encoding: Optional[str] = None
    header_row: Optional[int] = None
    footer_rows: int = 0
    labels: List[str] = field(default_factory=list)
    schema: Optional[dict] = None
    schema_source: Optional[str] = None
    rows: int = 0
    sampled: bool = False
    bytes: Optional[int] = None
    sha256: Optional[str] = None
    warnings: List[str] = field(default_factory=list)
    seconds: float = 0.0
    #: The first data rows (cells as read), for a preview without DataStore.
    preview: List[list] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.status == VALID

    @property
    def error_types(self) -> List[str]:
        return list(self.errors)

    def as_dict(self) -> dict:
        out = asdict(self)
        out["valid"] = self.valid
        return out


#: Report keys that come from the file's content, not its structure: the
#: hash identifies the file, the labels are its literal header row, the
#: preview its first rows.
CONTENT_KEYS = ("sha256", "labels", "preview")


def without_content(report: dict) -> dict:
    """A copy of a stored report for someone who may not have the file: the
    status, what was checked and how many errors of each kind, but no single
    error (Frictionless messages quote the cell and the row) and no hash."""
    out = {k: v for k, v in (report or {}).items() if k not in CONTENT_KEYS}
    out["errors"] = {kind: {"count": group.get("count", 0), "title": group.get("title"),
                            "title_zh": group.get("title_zh"), "errors": [],
                            "omitted": group.get("count", 0)}
                     for kind, group in (out.get("errors") or {}).items()}
    out["warnings"] = []
    return out
