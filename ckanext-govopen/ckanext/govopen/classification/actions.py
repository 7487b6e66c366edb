"""Reviewer actions: read the audit log, approve an exception or a downgrade (with a reason)."""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.classification import guard, messages, policy
from ckanext.govopen.classification import model as cmodel
from ckanext.govopen.classification.reviewers import auth_reviewers_only
from ckanext.govopen.gate.checks import markings, metadata_privacy
from ckanext.govopen.messages import render
from ckanext.govopen.privacy import model as pmodel


def _fail(field, message):
    raise tk.ValidationError({field: [render(message)]})


@tk.side_effect_free
def audit_list(context, data_dict):
    """The audit log, newest first (reviewers only).

    :param id: only this dataset (id or name; optional)
    :param action: only this kind (classification_change, created, published, withdrawn,
        publication_refused, approval; optional)
    :param user: only what this user did (user name; optional)
    :param organization: only datasets of this department (id or name; optional)
    :param since: only from this day on (YYYY-MM-DD, UTC; optional)
    :param until: only up to and including this day (YYYY-MM-DD, UTC; optional)
    :param limit: at most this many (default 100, max 1000)
    :param offset: skip this many
    """
    tk.check_access("govopen_audit_list", context, data_dict)
    dataset_id = data_dict.get("id")
    if dataset_id:
        pkg = model.Package.get(dataset_id)
        dataset_id = pkg.id if pkg is not None else dataset_id
    try:
        limit = min(int(data_dict.get("limit", 100)), 1000)
        offset = max(int(data_dict.get("offset", 0)), 0)
    except (TypeError, ValueError):
        _fail("limit", messages.NOT_A_NUMBER())
    since, until = (_day(data_dict, "since"), _day(data_dict, "until"))
    if until is not None:
        until += datetime.timedelta(days=1)
    dataset_ids = None
    if data_dict.get("organization"):
        org = model.Group.get(str(data_dict["organization"]))
        if org is None or not org.is_organization:
            _fail("organization", messages.NO_DEPARTMENT(name=str(data_dict["organization"])))
        dataset_ids = [row.id for row in model.Session.query(model.Package.id)
                       .filter(model.Package.owner_org == org.id)]
    return cmodel.entries(model.Session, dataset_id, data_dict.get("action"), limit, offset,
                          actor=data_dict.get("user") or None, since=since, until=until,
                          dataset_ids=dataset_ids)


def _day(data_dict, field):
    """``data_dict[field]`` as a datetime at 00:00 (UTC), None when absent."""
    value = data_dict.get(field)
    if not value:
        return None
    try:
        return datetime.datetime.strptime(str(value).strip(), "%Y-%m-%d")
    except ValueError:
        _fail(field, messages.NOT_A_DAY(field=field, value=str(value)))


def review_approve(context, data_dict):
    """Approve an exception or a downgrade of one dataset (reviewers only); recorded in the audit log.

    :param id: the dataset id or name
    :param kind: ``pii_exception`` (the current scan findings of ``resource_id`` are acceptable, e.g.
        phone numbers of institutions), ``markings`` (the security markings found now are not real
        markings), ``metadata_pii`` (the values the metadata check found now in the dataset's
        metadata are not personal information), or ``downgrade`` (lower ``field`` to ``to``)
    :param reason: why (required)
    :param resource_id: for pii_exception
    :param field: for downgrade: open_type, share_type, security_level, personal_info, commercial_secret
    :param to: for downgrade: the new, less restrictive value
    """
    tk.check_access("govopen_review_approve", context, data_dict)
    pkg = model.Package.get(tk.get_or_bust(data_dict, "id"))
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    reason = str(data_dict.get("reason") or "").strip()
    if not reason:
        _fail("reason", messages.REASON_REQUIRED())
    kind = data_dict.get("kind")
    dataset = tk.get_action("package_show")(dict(context, ignore_auth=True), {"id": pkg.id})
    resource_id = None
    if kind == "pii_exception":
        subject, resource_id = _pii_subject(dataset, data_dict)
    elif kind == "markings":
        found = policy.markings_to_review(dataset)
        if not found:
            _fail("kind", messages.NO_MARKINGS())
        subject = markings.approval_subject(found)
    elif kind == "metadata_pii":
        found = metadata_privacy.findings(dataset)
        if not found:
            _fail("kind", messages.NO_METADATA_PII())
        subject = metadata_privacy.approval_subject(found)
    elif kind == "downgrade":
        field = data_dict.get("field")
        if field not in (policy.load().get("downgrade_order") or {}):
            _fail("field", messages.NOT_LOWERABLE(field=field))
        to = data_dict.get("to")
        if not policy.downgrades({field: dataset.get(field)}, {field: to}):
            _fail("to", messages.NOT_LOWER(to=to, current=dataset.get(field)))
        subject = guard.downgrade_subject(field, dataset.get(field), to)
    else:
        _fail("kind", messages.BAD_KIND())
    user = context.get("user")
    approval = cmodel.add_approval(model.Session, user, pkg.id, kind, subject, reason, resource_id)
    cmodel.record(model.Session, user, "approval", pkg.id, None, {"kind": kind, "subject": subject},
                  reason, resource_id=resource_id)
    model.Session.commit()
    return approval


def _pii_subject(dataset, data_dict):
    resource_id = tk.get_or_bust(data_dict, "resource_id")
    resource = next((r for r in dataset.get("resources") or [] if r["id"] == resource_id), None)
    if resource is None:
        _fail("resource_id", messages.NOT_IN_DATASET())
    result = pmodel.current(model.Session, resource)
    if not result or result["status"] not in (pmodel.DONE, pmodel.HELD) or not result.get("sha256"):
        _fail("resource_id", messages.NO_FINISHED_SCAN())
    return {"sha256": result["sha256"]}, resource_id


audit_list_auth = auth_reviewers_only
review_approve_auth = auth_reviewers_only
