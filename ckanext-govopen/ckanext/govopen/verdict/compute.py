"""Compute a dataset's verdict: the one place that decides its effective open type."""
from __future__ import annotations

import hashlib
import json

from ckanext.govopen.classification import policy
from ckanext.govopen.privacy import status

#: The key of the verdict on a dataset dict (package_show, search results).
FIELD = "govopen_verdict"
OPEN_TYPES = policy.OPEN_TYPES


_digests: dict = {}


def policy_version(loaded=None) -> str:
    """A short digest of the policy in force: a verdict computed under another
    policy is recomputed rather than trusted. ``policy.load`` hands out the same
    dict until the file changes, so the digest is made once per policy version
    (readers ask on every dataset shown)."""
    loaded = loaded if loaded is not None else policy.load()
    key = id(loaded)
    hit = _digests.get(key)
    if hit is None or hit[0] is not loaded:
        text = json.dumps(loaded, sort_keys=True, ensure_ascii=False, default=str)
        hit = (loaded, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])
        _digests.clear()
        _digests[key] = hit
    return hit[1]


def compute(dataset: dict, findings=None) -> dict:
    """The verdict of ``dataset`` (a package dict) with its stored content findings.

    ``findings``: the per-resource finding dicts of ``classification.policy``
    (read from the stored scans when not given).
    """
    loaded = policy.load()
    if findings is None:
        findings = status.findings_for(dataset)
    evaluation = policy.evaluate(dataset, findings, loaded)
    return {
        "open_type": evaluation.effective,
        "declared": evaluation.declared,
        "caps": [{"id": c.id, "cap": c.cap, "reason": dict(c.reason), "test": c.test,
                  "field": c.field, "value": c.value, "details": dict(c.details)}
                 for c in evaluation.caps],
        "content": {f.get("resource_id"): f.get("sha256") or f.get("status")
                    for f in findings if f.get("resource_id")},
        "policy": policy_version(loaded),
    }
