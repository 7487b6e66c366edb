"""Classification: a dataset whose effective open type is "none" may not be public.

The effective open type is the policy's answer (config/policy.yaml,
``classification.policy``): the declared open type capped by security level,
commercial secrets, personal information and k-anonymity. A *conditionally*
open dataset may be public: its metadata is listed so people know the data
exists and how to ask for it, while its resources are withheld by the access
rules; so only "none" blocks here. Personal information found by the
scanner is the ``privacy`` check's to report (with the resource and counts).
"""
from __future__ import annotations

from ckanext.govopen.gate import Blocker
from ckanext.govopen.gate.core import N_
from ckanext.govopen.verdict import compute

NAME = "classification"
#: its name in words (a msgid, translated where it is shown: ``gate.core.label``)
LABEL = N_("Classification")


def check(dataset: dict):
    verdict = compute.compute(dataset)      # the dataset as written: computed, not read back
    if verdict["open_type"] != "none":
        return
    caps = [c for c in verdict["caps"] if c["cap"] == "none" and c["test"] != "unapproved_pii_found"]
    for cap in caps:
        yield Blocker(NAME, cap["id"], {
            "zh": f"分类分级不允许公开：{cap['reason']['zh']}",
            "en": f"The classification does not allow publication: {cap['reason']['en']}",
        }, details={"field": cap["field"], "value": cap["value"], **cap["details"]})
    if verdict["declared"] == "none" and not caps:
        yield Blocker(NAME, "declared_not_open", {
            "zh": "开放属性为“不予开放”，数据集不能公开；如确需开放，请修改开放属性（降级须经审核人批准）。",
            "en": "The open type is 'not open', so the dataset cannot be public; to open it, change the "
                  "open type (lowering it needs a reviewer's approval).",
        }, details={"field": "open_type", "value": "none"})
