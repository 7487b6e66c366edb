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

from ckanext.govopen.gate import Blocker
from ckanext.govopen.gate.core import N_
from ckanext.govopen.privacy import model as pmodel
from ckanext.govopen.privacy import status

NAME = "privacy"
#: its name in words (a msgid, translated where it is shown: ``gate.core.label``)
LABEL = N_("Personal information")


def _name(res):
    return res.get("name") or pmodel.file_name(res)


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
            yield Blocker(NAME, "scan_pending", {
                "zh": f"资源“{name}”的内容尚未完成个人信息扫描，扫描完成前数据集不能公开"
                      "（新上传或修改的文件须先在非公开状态下完成扫描）。",
                "en": f"Resource '{name}' has not been scanned for personal information yet; the dataset "
                      "cannot be public until the scan has finished (upload or change files while the "
                      "dataset is private).",
            }, resource_id=res.get("id"))
        elif result["status"] == "failed":
            error = result.get("error") or {}
            yield Blocker(NAME, "scan_failed", {
                "zh": f"资源“{name}”的个人信息扫描失败：{error.get('zh', '未知原因')}；修复后请重新扫描。",
                "en": f"The personal-information scan of resource '{name}' failed: "
                      f"{error.get('en', 'unknown reason')}; fix it and scan again.",
            }, resource_id=res.get("id"))
        elif result["status"] == "held":
            if status.held(dataset.get("id"), res.get("id"), result):
                error = result.get("error") or {}
                yield Blocker(NAME, "scan_held", {
                    "zh": f"资源“{name}”的内容无法读取（{error.get('zh', '未知原因')}），已暂扣待审核人查看；"
                          "审核人批准该内容前数据集不能公开。",
                    "en": f"The content of resource '{name}' cannot be read ({error.get('en', 'unknown reason')}); "
                          "it is held for a reviewer, and the dataset cannot be public until a reviewer "
                          "approves that content.",
                }, resource_id=res.get("id"), details={"sha256": result.get("sha256")})
        elif status.contradicts_declaration(dataset, result) and not status.approved(
                dataset.get("id"), res.get("id"), result):
            found = summarize(result.get("findings"))
            zh = "，".join(f"{e['label_zh']} {e['count']} 处（列：{'、'.join(e['columns'])}；示例：{'、'.join(e['examples'])}）"
                          for e in found)
            en = "; ".join(f"{e['label_en']}: {e['count']} (columns: {', '.join(e['columns'])}; "
                           f"e.g. {', '.join(e['examples'])})" for e in found)
            yield Blocker(NAME, "pii_found", {
                "zh": f"资源“{name}”中发现个人信息：{zh}。数据集声明的个人信息情况与此不符；"
                      "请删除或脱敏这些数据（或更正声明），并由审核人批准后再公开。",
                "en": f"Personal information found in resource '{name}': {en}. This contradicts the "
                      "dataset's declaration; remove or mask it (or correct the declaration) and have a "
                      "reviewer approve before publishing.",
            }, resource_id=res.get("id"), details={"sha256": result.get("sha256"), "entities": found})
