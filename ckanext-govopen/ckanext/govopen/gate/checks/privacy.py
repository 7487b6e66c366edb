"""Personal information: every resource needs a finished scan of its current content,
and personal information the scan found must agree with the declaration.

Blocks a public dataset when a resource's content has not been scanned yet
(queued, or added in this very write), when its scan failed, when it is held
for a reviewer (it cannot be read: an unknown binary, an encrypted PDF, a
corrupt archive) and no reviewer approved that content, or when the
scanner found personal information although the dataset declares none (or
de-identified/anonymized data) and no reviewer approved those findings as an
exception for that exact content. Messages name the resource, the kinds of
information, their counts and masked examples only.
"""
from __future__ import annotations

from ckanext.govopen.gate import Blocker, messages
from ckanext.govopen.gate.core import N_
from ckanext.govopen.privacy import model as pmodel
from ckanext.govopen.privacy import status

NAME = "privacy"
#: its name in words (a msgid, translated where it is shown: ``gate.core.label``)
LABEL = N_("Personal information")


def _name(res):
    return res.get("name") or pmodel.file_name(res)


def _error(result: dict):
    """The scan's stored error (``{"zh", "en"}`` or a message), else "unknown reason"."""
    return result.get("error") or messages.UNKNOWN_REASON()


def summarize(report: dict) -> list:
    """Per entity: label, count, columns and masked examples of the findings that count as PII."""
    by_entity: dict = {}
    for f in (report or {}).get("findings") or []:
        if f.get("sources") == ["header"] and f.get("level") == "low":
            continue
        e = by_entity.setdefault(f["entity"], {"entity": f["entity"], "label_zh": f["label_zh"],
                                               "label_en": f["label_en"], "count": 0, "columns": [],
                                               "examples": []})
        e["count"] += int(f.get("count") or 0)
        e["columns"].append(f.get("column"))
        for ex in f.get("examples") or []:
            if len(e["examples"]) < 3 and ex not in e["examples"]:
                e["examples"].append(ex)
    return list(by_entity.values())


def check(dataset: dict):
    for res, result in status.resources_with_results(dataset):
        name = _name(res)
        if result is None:
            yield Blocker(NAME, "scan_pending", messages.SCAN_PENDING(name=name), resource_id=res.get("id"))
        elif result["status"] == "failed":
            yield Blocker(NAME, "scan_failed", messages.SCAN_FAILED(name=name, error=_error(result)),
                          resource_id=res.get("id"))
        elif result["status"] == "held":
            if status.held(dataset.get("id"), res.get("id"), result):
                yield Blocker(NAME, "scan_held", messages.SCAN_HELD(name=name, error=_error(result)),
                              resource_id=res.get("id"), details={"sha256": result.get("sha256")})
        elif status.contradicts_declaration(dataset, result) and not status.approved(
                dataset.get("id"), res.get("id"), result):
            found = summarize(result.get("findings"))
            zh = "，".join(f"{e['label_zh']} {e['count']} 处（列：{'、'.join(e['columns'])}；示例：{'、'.join(e['examples'])}）"
                          for e in found)
            en = "; ".join(f"{e['label_en']}: {e['count']} (columns: {', '.join(e['columns'])}; "
                           f"e.g. {', '.join(e['examples'])})" for e in found)
            yield Blocker(NAME, "pii_found", messages.PII_FOUND(name=name, found={"zh": zh, "en": en}),
                          resource_id=res.get("id"), details={"sha256": result.get("sha256"), "entities": found})
