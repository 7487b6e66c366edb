"""The audit log and reviewer approvals (tables created by migration 0003_privacy).

Plain ``sa.Table``s on a private ``MetaData`` (never CKAN's core metadata).
Writes go through CKAN's ``model.Session``, so an audit row commits or rolls
back together with the dataset write that caused it. The audit log is
append-only: this module only inserts, and the migration installs a trigger
that refuses UPDATE and DELETE on it.
"""
from __future__ import annotations

import json
import uuid

import sqlalchemy as sa

from ckanext.govopen.common import utcnow

metadata = sa.MetaData()

audit_log = sa.Table(
    "govopen_audit_log", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("actor", sa.UnicodeText, nullable=False),
    sa.Column("dataset_id", sa.UnicodeText, index=True),
    sa.Column("resource_id", sa.UnicodeText),
    # classification_change | created | published | withdrawn | publication_refused | approval
    sa.Column("action", sa.UnicodeText, nullable=False),
    sa.Column("before", sa.UnicodeText),      # JSON
    sa.Column("after", sa.UnicodeText),       # JSON
    sa.Column("reason", sa.UnicodeText),
)

approval = sa.Table(
    "govopen_approval", metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("reviewer", sa.UnicodeText, nullable=False),
    sa.Column("dataset_id", sa.UnicodeText, nullable=False, index=True),
    # pii_exception (resource_id + sha256) | markings (the reviewed texts' markings) | downgrade (field -> value)
    # | metadata_pii (field:kind:keyed digest of each approved metadata value)
    sa.Column("kind", sa.UnicodeText, nullable=False),
    sa.Column("resource_id", sa.UnicodeText),
    sa.Column("subject", sa.UnicodeText, nullable=False),   # JSON, compared as stored
    sa.Column("reason", sa.UnicodeText, nullable=False),
)


def _json(value):
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def subject_key(value) -> str:
    """The stored form of an approval's subject (canonical JSON, so equal subjects compare equal)."""
    return _json(value)


def record(session, actor, action, dataset_id=None, before=None, after=None, reason=None, resource_id=None):
    """Append one audit entry in ``session`` (committed with the caller's write)."""
    session.execute(audit_log.insert().values(
        created=utcnow(), actor=actor or "", dataset_id=dataset_id, resource_id=resource_id,
        action=action, before=_json(before), after=_json(after), reason=reason or ""))


def entries(session, dataset_id=None, action=None, limit=100, offset=0, actor=None,
            since=None, until=None, dataset_ids=None):
    """Newest first, as dicts with ``before``/``after`` parsed. ``since`` and
    ``until`` (datetimes) bound ``created`` (``until`` exclusive);
    ``dataset_ids`` (a list) keeps only those datasets' entries."""
    q = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
    if dataset_id:
        q = q.where(audit_log.c.dataset_id == dataset_id)
    if action:
        q = q.where(audit_log.c.action == action)
    if actor:
        q = q.where(audit_log.c.actor == actor)
    if since is not None:
        q = q.where(audit_log.c.created >= since)
    if until is not None:
        q = q.where(audit_log.c.created < until)
    if dataset_ids is not None:
        q = q.where(audit_log.c.dataset_id.in_(list(dataset_ids)))
    out = []
    for row in session.execute(q).mappings():
        item = dict(row)
        item["created"] = item["created"].isoformat()
        for key in ("before", "after"):
            item[key] = json.loads(item[key]) if item[key] else None
        out.append(item)
    return out


def add_approval(session, reviewer, dataset_id, kind, subject, reason, resource_id=None) -> dict:
    row = {"id": str(uuid.uuid4()), "created": utcnow(), "reviewer": reviewer, "dataset_id": dataset_id,
           "kind": kind, "resource_id": resource_id, "subject": subject_key(subject), "reason": reason}
    session.execute(approval.insert().values(**row))
    return dict(row, created=row["created"].isoformat(), subject=subject)


def find_approval(session, dataset_id, kind, subject, resource_id=None):
    """The newest approval of exactly this subject, or None."""
    q = (sa.select(approval).where(approval.c.dataset_id == dataset_id, approval.c.kind == kind,
                                   approval.c.subject == subject_key(subject))
         .order_by(approval.c.created.desc()).limit(1))
    if resource_id is not None:
        q = q.where(approval.c.resource_id == resource_id)
    row = session.execute(q).mappings().first()
    return dict(row) if row else None
