"""Frictionless validation: every table of a public dataset (CSV/TSV,
XLSX/XLS, JSON) needs a passing report for its current content and schema.

A table without one (new, changed, or being added in this very write) is
pending; one that failed is named with what failed. Invalid files stay where
they are: the owner sees the report and fixes the file while the dataset is
private.
"""
from __future__ import annotations

from ckanext.govopen.gate import Blocker
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
            yield Blocker(NAME, "validation_settings_invalid", {
                "zh": f"资源“{name}”的校验设置无效：{settings_error['zh']}",
                "en": f"The validation settings of resource '{name}' are invalid: {settings_error['en']}",
            }, resource_id=rid)
        elif state == status.PENDING:
            yield Blocker(NAME, "validation_pending", {
                "zh": f"资源“{name}”的当前内容尚未通过数据校验（校验尚未完成）；"
                      "请在数据集非公开时上传或修改文件，校验通过后再公开。",
                "en": f"Resource '{name}' has no validation report for its current content yet; "
                      "upload or change files while the dataset is private and publish once it passes.",
            }, resource_id=rid)
        elif state == "invalid":
            report = row["report"]
            yield Blocker(NAME, "validation_failed", {
                "zh": f"资源“{name}”未通过数据校验，共 {report.get('error_count')} 处错误："
                      f"{_summary(report, 'zh')}。请修正文件后重新上传。",
                "en": f"Resource '{name}' failed validation with {report.get('error_count')} errors: "
                      f"{_summary(report, 'en')}. Fix the file and upload it again.",
            }, resource_id=rid, details={"sha256": row.get("sha256"), "report_id": row.get("id")})
        else:
            message = row["report"].get("message") or {}
            yield Blocker(NAME, "validation_error", {
                "zh": f"资源“{name}”无法校验：{message.get('zh') or _summary(row['report'], 'zh')}",
                "en": f"Resource '{name}' could not be validated: "
                      f"{message.get('en') or _summary(row['report'], 'en')}",
            }, resource_id=rid)
