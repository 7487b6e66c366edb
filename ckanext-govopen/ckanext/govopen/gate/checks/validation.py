"""Frictionless validation: every table of a public dataset (CSV/TSV,
XLSX/XLS, JSON) needs a passing report for its current content and schema.

A table without one (new, changed, or being added in this very write) is
pending; one that failed is named with what failed. Invalid files stay where
they are: the owner sees the report and fixes the file while the dataset is
private.
"""
from __future__ import annotations

from ckanext.govopen.gate import Blocker, messages
from ckanext.govopen.gate.core import N_
from ckanext.govopen.validation import status

NAME = "validation"
#: its name in words (a msgid, translated where it is shown: ``gate.core.label``)
LABEL = N_("Data validation")


def _name(res: dict) -> str:
    return res.get("name") or str(res.get("url") or "").rsplit("/", 1)[-1] or res.get("id") or "?"


def _summary(report: dict, lang: str) -> str:
    parts = []
    for kind, group in list((report.get("errors") or {}).items())[:4]:
        title = group.get("title_zh" if lang == "zh" else "title") or kind
        first = (group.get("errors") or [{}])[0]
        where = []
        if first.get("row"):
            where.append(f"第 {first['row']} 行" if lang == "zh" else f"row {first['row']}")
        if first.get("column"):
            where.append(f"列“{first['column']}”" if lang == "zh" else f"column '{first['column']}'")
        sep = "，" if lang == "zh" else ", "
        at = (("，首处：" if lang == "zh" else ", first at ") + sep.join(where)) if where else ""
        parts.append(f"{title} {group.get('count')} 处{at}" if lang == "zh"
                     else f"{title}: {group.get('count')}{at}")
    return ("；" if lang == "zh" else "; ").join(parts)


def check(dataset: dict):
    for res, state, row, settings_error in status.resource_states(dataset):
        name, rid = _name(res), res.get("id")
        if state == "valid":
            continue
        if state == status.SETTINGS_INVALID:
            yield Blocker(NAME, "validation_settings_invalid",
                          messages.VALIDATION_SETTINGS_INVALID(name=name, error=settings_error), resource_id=rid)
        elif state == status.PENDING:
            yield Blocker(NAME, "validation_pending", messages.VALIDATION_PENDING(name=name), resource_id=rid)
        elif state == "invalid":
            report = row["report"]
            summary = {"zh": _summary(report, "zh"), "en": _summary(report, "en")}
            yield Blocker(NAME, "validation_failed", messages.VALIDATION_FAILED(
                name=name, count=report.get("error_count"), summary=summary), resource_id=rid, details={"sha256": row.get("sha256"), "report_id": row.get("id")})
        else:
            message = row["report"].get("message") or {}
            reason = {lang: message.get(lang) or _summary(row["report"], lang) for lang in ("zh", "en")}
            yield Blocker(NAME, "validation_error", messages.VALIDATION_ERROR(name=name, reason=reason),
                          resource_id=rid)
