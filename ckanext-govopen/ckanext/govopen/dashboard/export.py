"""The figures as flat rows: the CSV downloads and the page tables share them,
so the file says exactly what the API says."""
from __future__ import annotations

import csv
import io

BASE_COLUMNS = (
    "rank", "organization_id", "organization_name", "organization_title",
    "catalogued", "public", "open", "conditional", "not_open", "open_rate",
    "tables", "tables_valid", "tables_invalid", "tables_error", "tables_pending",
    "tables_settings_invalid", "table_pass_rate",
    "scheduled", "overdue", "on_time_rate", "quality_average", "held",
)


def columns(gates: list) -> list:
    return [*BASE_COLUMNS, *(f"held_{name}" for name in gates), "ready"]


def row(figures: dict, gates: list) -> dict:
    """One department's (or all departments', without ``organization``) figures, flat."""
    org = figures.get("organization") or {}
    flat = {"rank": figures.get("rank"), "organization_id": org.get("id"),
            "organization_name": org.get("name"), "organization_title": org.get("title")}
    for key in BASE_COLUMNS[4:]:
        if key.startswith("tables_") and key != "tables":
            flat[key] = figures["tables_by_state"][key[len("tables_"):]]
        else:
            flat[key] = figures[key]
    for name in gates:
        flat[f"held_{name}"] = figures["held_by_gate"].get(name, 0)
    flat["ready"] = figures["ready"]
    return flat


#: A cell starting with one of these is a formula to a spreadsheet program
#: (``=HYPERLINK(...)``, ``+``, ``-``, ``@``; tab and carriage return too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """The cell's text; text that a spreadsheet would run as a formula gets a
    leading apostrophe (OWASP's advice), so it shows as the text it is.
    Numbers stay numbers (a negative figure is not a formula)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: list, gates: list) -> str:
    """CSV text (UTF-8 with BOM added by the view, for spreadsheet programs)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = columns(gates)
    writer.writerow(names)
    for item in rows:
        writer.writerow([_cell(item.get(name)) for name in names])
    return out.getvalue()


def overview_rows(result: dict) -> list:
    """The ranked departments, then one row for all (organization columns empty)."""
    gates = result["gates"]
    return [row(d, gates) for d in result["departments"]] + [row(result["all"], gates)]
