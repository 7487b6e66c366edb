"""When the dashboard's kept facts are computed again without a write to the
dataset (declared in ``feature.py``): after a content check, and after an approval."""
from __future__ import annotations

import functools

import ckan.model as model

from . import cache, facts


def refresh_for_resource(resource_id: str):
    """Resource job (after the verdict's): a content check finished, so validation
    states, findings, the gates and the verdict may say something new of the
    dataset; its facts are computed again now and its department's cached figures dropped."""
    resource = model.Resource.get(resource_id)
    if resource is None or not resource.package_id:
        return None
    found = facts.refresh([resource.package_id]).get(resource.package_id)
    cache.bump_departments(_department_of(resource.package_id))
    return found


def _department_of(package_id: str) -> list:
    package = model.Package.get(package_id)
    return [package.owner_org] if package is not None and package.owner_org else []


APPROVE = "govopen_review_approve"


def wrap_approvals(actions: dict) -> dict:
    """An approval (a PII exception, markings or metadata findings accepted) may
    clear a gate: the dataset's facts are computed again once it is committed."""
    inner = actions.get(APPROVE)
    if inner is None:
        return actions

    @functools.wraps(inner)
    def approve(context, data_dict):
        result = inner(context, data_dict)
        package = model.Package.get((data_dict or {}).get("id") or "")
        if package is not None:
            facts.refresh([package.id])
            cache.bump_departments(_department_of(package.id))
        return result

    return dict(actions, **{APPROVE: approve})
