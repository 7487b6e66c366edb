"""The write path of classification: downgrades need a reviewer, every change is audited.

Two pieces, both on CKAN's own dataset writes (so every path is covered:
create, update, patch, resource changes, bulk make-public, harvest, CLI):

- ``classification_guard`` is a schema ``after_validators`` entry. On an
  update it compares the write with the stored dataset: lowering
  ``open_type``, ``share_type``, ``security_level``, ``personal_info`` or
  ``commercial_secret`` (order in config/policy.yaml ``downgrade_order``) is
  refused for a non-reviewer unless a reviewer approved exactly that change
  (``govopen_review_approve`` kind ``downgrade`` with field, from and to).
  A publication the gate refused is recorded in a transaction of its own,
  as the write itself is rolled back.
- ``audit_write`` (an after-write hook, ``classification/feature.py``, after package_create/update,
  before CKAN commits) compares the write with the dataset as last
  committed and appends the audit entries: the changed classification
  fields (with the approval that allowed a downgrade), and publication or
  withdrawal; who, when, why. (navl hands validators a copy of the
  context, so nothing is passed from the validator to the hook.)

A caller (a job, the CLI) may give the reason of its write in
``context["govopen_reason"]``.
"""
from __future__ import annotations

import logging

import ckan.model as model
import sqlalchemy as sa

from ckanext.govopen import gate
from ckanext.govopen.classification import model as cmodel
from ckanext.govopen.classification import messages, policy, reviewers
from ckanext.govopen.common import dataset_from_flat, utcnow
from ckanext.govopen.feature import CREATED
from ckanext.govopen.messages import render

log = logging.getLogger(__name__)

REASON_KEY = "govopen_reason"


def _private(value):
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value)


def _fields():
    loaded = policy.load()
    return sorted(set(loaded.get("audited_fields") or []) | set(loaded.get("downgrade_order") or {}))


def stored_state(pkg) -> dict:
    """The classification and visibility of a stored ``model.Package``."""
    extras = pkg.extras or {}
    state = {f: extras.get(f) for f in _fields()}
    state.update(private=bool(pkg.private), state=pkg.state)
    return state


def state_of(dataset: dict) -> dict:
    state = {f: dataset.get(f) for f in _fields()}
    state.update(private=_private(dataset.get("private")), state=dataset.get("state") or "active")
    return state


def downgrade_subject(field, old, new) -> dict:
    return {"field": field, "from": policy.normalized(field, old), "to": policy.normalized(field, new)}


def classification_guard(key, data, errors, context):
    """Refuse unapproved downgrades; remember the stored state for the audit log."""
    dataset = dataset_from_flat(data)
    pkg = context.get("package")
    if pkg is not None and dataset.get("id") not in (None, pkg.id) and dataset.get("name") != pkg.name:
        pkg = None      # a context left over from another dataset
    before = stored_state(pkg) if pkg is not None else None
    user = context.get("user")
    if before is not None:
        for field, old, new in policy.downgrades(before, dataset):
            subject = downgrade_subject(field, old, new)
            if reviewers.is_reviewer(user):
                continue
            if cmodel.find_approval(model.Session, pkg.id, "downgrade", subject):
                continue
            errors.setdefault((field,), []).append(render(messages.DOWNGRADE_NEEDS_APPROVAL(
                field=field, before=subject["from"], after=subject["to"])))
    if errors.get(("private",)) and gate.wants_public(dataset):
        _record_refusal(user, pkg.id if pkg is not None else None, dataset, errors[("private",)])


def _record_refusal(user, dataset_id, dataset, reasons):
    """The write is rolled back, so the refusal is written in a transaction of its own."""
    try:
        engine = model.Session.get_bind()
        with engine.begin() as conn:
            conn.execute(cmodel.audit_log.insert().values(
                created=utcnow(), actor=user or "", dataset_id=dataset_id or dataset.get("name"),
                action="publication_refused", before=None,
                after=cmodel._json({"private": False, "name": dataset.get("name")}),
                reason=" | ".join(str(r) for r in reasons)))
    except Exception:  # noqa: BLE001 - the refusal stands even if it cannot be logged
        log.exception("could not record the refused publication of %s", dataset.get("name"))


def committed_state(dataset_id):
    """The dataset as last committed, read on a connection of its own (so not this
    write's changes, which are flushed but not committed yet); None for a new one."""
    from ckan.model.package import package_table

    if not dataset_id:
        return None
    engine = model.Session.get_bind()
    with engine.connect() as conn:
        row = conn.execute(sa.select(package_table.c.private, package_table.c.state, package_table.c.extras)
                           .where(package_table.c.id == dataset_id)).first()
    if row is None:
        return None
    extras = row.extras or {}
    state = {f: extras.get(f) for f in _fields()}
    state.update(private=bool(row.private), state=row.state)
    return state


def audit_write(context, pkg_dict):
    """After package_create/update: append what changed to the audit log (same transaction)."""
    if pkg_dict.get("type", "dataset") != "dataset":
        return
    dataset_id = pkg_dict.get("id")
    before = None if context.get(CREATED) else committed_state(dataset_id)
    after = state_of(pkg_dict)
    actor = context.get("user") or ""
    reason = context.get(REASON_KEY) or ""
    session = model.Session
    if before is None:
        cmodel.record(session, actor, "created", dataset_id, None, after, reason)
        if not after["private"] and after["state"] == "active":
            cmodel.record(session, actor, "published", dataset_id, None, {"private": False}, reason)
        return
    changes = policy.audited_changes(before, after)
    if changes:
        approvals = []
        for field, old, new in policy.downgrades(before, after):
            found = cmodel.find_approval(session, dataset_id, "downgrade", downgrade_subject(field, old, new))
            approvals.append(f"{field}: approved by {found['reviewer']}: {found['reason']}" if found
                             else f"{field}: lowered by reviewer {actor}")
        why = "; ".join([reason] * bool(reason) + approvals)
        cmodel.record(session, actor, "classification_change", dataset_id,
                      {k: v[0] for k, v in changes.items()}, {k: v[1] for k, v in changes.items()}, why)
    was_public = not before["private"] and before["state"] == "active"
    is_public = not after["private"] and after["state"] == "active"
    if is_public != was_public:
        cmodel.record(session, actor, "published" if is_public else "withdrawn", dataset_id,
                      {"private": before["private"], "state": before["state"]},
                      {"private": after["private"], "state": after["state"]}, reason)
