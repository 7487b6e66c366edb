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

from ckanext.govopen.gate import Blocker, messages
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
        yield Blocker(NAME, cap["id"], messages.CLASSIFICATION_CAP(reason=cap["reason"]),
                      details={"field": cap["field"], "value": cap["value"], **cap["details"]})
    if verdict["declared"] == "none" and not caps:
        yield Blocker(NAME, "declared_not_open", messages.DECLARED_NOT_OPEN(),
                      details={"field": "open_type", "value": "none"})
