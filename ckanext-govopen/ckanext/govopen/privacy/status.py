"""What the stored scans say about a dataset's resources, for the gate and the access rules.

Reads only (the gate must not write): the result for each resource's current
content, whether a reviewer approved its findings as an exception, and the
per-resource finding dicts ``classification.policy`` evaluates.
"""
from __future__ import annotations

import ckan.model as model

from ckanext.govopen.classification import model as cmodel
from ckanext.govopen.classification import policy
from ckanext.govopen.privacy import model as pmodel


def contradicts_declaration(dataset: dict, result) -> bool:
    """True when a finished scan found personal information the declaration says is not there."""
    if not result or result["status"] != pmodel.DONE or not result["has_pii"]:
        return False
    return policy.found_pii_contradicts(dataset)


def approved(dataset_id, resource_id, result) -> bool:
    """A reviewer approved these findings for exactly this content of this resource."""
    if not dataset_id or not result or not result.get("sha256"):
        return False
    return cmodel.find_approval(model.Session, dataset_id, "pii_exception", {"sha256": result["sha256"]},
                                resource_id=resource_id) is not None


def held(dataset_id, resource_id, result) -> bool:
    """The content could not be read and no reviewer approved exactly that content."""
    return bool(result and result["status"] == pmodel.HELD
                and not approved(dataset_id, resource_id, result))


def resources_with_results(dataset: dict):
    """``[(resource, current result or None)]`` for the resources that have content."""
    with_content = [res for res in dataset.get("resources") or [] if pmodel.has_content(res)]
    results = pmodel.current_many(model.Session, with_content)     # one query, not one per resource
    return [(res, results.get(res.get("id"))) for res in with_content]


def findings_for(dataset: dict) -> list:
    """The finding dicts of ``classification.policy.evaluate`` for the dataset's resources."""
    found = []
    for res, result in resources_with_results(dataset):
        ok = approved(dataset.get("id"), res.get("id"), result) if result and result["has_pii"] else False
        found.append(pmodel.summary(result, res, approved=ok))
    return found

