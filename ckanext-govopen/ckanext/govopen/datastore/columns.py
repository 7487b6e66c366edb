"""A table's columns in the DataStore: the file's header, in its order, with
the names kept as written (Chinese included) and each typed from the Table
Schema the table was validated with (the resource's own, the dataset's
信息项 ``data_elements``, or the one Frictionless inferred). CKAN-free.

Table Schema type -> PostgreSQL: integer -> int8, number -> numeric, date ->
date, datetime -> timestamp, boolean -> bool, year -> int4, anything else
(string, time, duration, geopoint, object ...) -> text. Each cell is turned
into PostgreSQL's text form here, so COPY never guesses.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from ckanext.govopen.messages import render

from .messages import message

PG_TYPES = {"integer": "int8", "number": "numeric", "date": "date", "datetime": "timestamp",
            "boolean": "bool", "year": "int4"}
#: Frictionless' defaults
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
MAX_NAME_BYTES = 63
BLANK = " \t\r\n\u3000"


class LoadError(ValueError):
    """The table cannot be loaded; ``message`` (code + params) says what and where."""

    def __init__(self, msg: dict):
        super().__init__(render(msg, "en"))
        self.message = msg


@dataclass
class Column:
    name: str
    type: str = "text"
    info: dict = field(default_factory=dict)
    convert: Callable[[str], Optional[str]] = str


def _number(spec: dict) -> Callable:
    group, decimal = spec.get("groupChar"), spec.get("decimalChar")

    def convert(value: str) -> str:
        if group:
            value = value.replace(group, "")
        if decimal and decimal != ".":
            value = value.replace(decimal, ".")
        float(value)            # raises ValueError for what PostgreSQL would refuse
        return value
    return convert


def _integer(value: str) -> str:
    return str(int(value))


def _boolean(spec: dict) -> Callable:
    true, false = tuple(spec.get("trueValues") or TRUE_VALUES), tuple(spec.get("falseValues") or FALSE_VALUES)

    def convert(value: str) -> str:
        if value in true:
            return "t"
        if value in false:
            return "f"
        raise ValueError(value)
    return convert


_PY_FORMAT = re.compile(r"%[a-zA-Z]")


def _temporal(spec: dict, kind: str) -> Callable:
    fmt = spec.get("format") or "default"
    pattern = fmt[4:] if fmt.startswith("fmt:") else fmt

    def convert(value: str) -> str:
        if _PY_FORMAT.search(pattern or ""):
            parsed = datetime.datetime.strptime(value, pattern)
            return parsed.date().isoformat() if kind == "date" else parsed.isoformat()
        if kind == "date":
            return datetime.date.fromisoformat(value).isoformat()
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    return convert


def _converter(kind: str, spec: dict) -> Callable:
    if kind == "integer" or kind == "year":
        return _integer
    if kind == "number":
        return _number(spec)
    if kind == "boolean":
        return _boolean(spec)
    if kind in ("date", "datetime"):
        return _temporal(spec, kind)
    return str


def check_name(name: str, index: int, seen: set) -> None:
    if not name.strip(BLANK):
        raise LoadError(message("empty_column", col=index + 1))
    if name in seen:
        raise LoadError(message("duplicate_column", name=name))
    if name.startswith("_") or '"' in name:
        raise LoadError(message("bad_column", name=name))
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise LoadError(message("long_column", name=name))


def columns(header: list, schema: Optional[dict]) -> list:
    """The typed columns for ``header`` (the file's labels) under ``schema``."""
    specs = {f.get("name"): f for f in (schema or {}).get("fields") or [] if isinstance(f, dict)}
    found, seen = [], set()
    for index, name in enumerate(header):
        name = str(name if name is not None else "")
        check_name(name, index, seen)
        seen.add(name)
        spec = specs.get(name) or {}
        kind = spec.get("type") or "string"
        info = {"label": spec.get("title") or "", "notes": spec.get("description") or "",
                "type_override": ""}
        found.append(Column(name, PG_TYPES.get(kind, "text"), {k: v for k, v in info.items()},
                            _converter(kind, spec)))
    return found


def cell(column: Column, value) -> Optional[str]:
    """A cell in PostgreSQL's text form, or None (NULL) for an empty one; raises
    ValueError for a value the column's type cannot hold."""
    if value is None:
        return None
    text = str(value)
    if column.type == "text":
        return text if text != "" else None
    text = text.strip(BLANK)
    if not text:
        return None
    return column.convert(text)
