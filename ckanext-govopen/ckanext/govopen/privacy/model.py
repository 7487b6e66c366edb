"""Stored scan results (table of migration 0003_privacy) and what the gate reads from them.

One row per (resource, content sha256): the scan of that content. ``marker``
says which version of the resource (its file name and upload time, or its
link) the content was read from, so the gate can tell a result for the
resource's *current* content from a stale one without reading the file.
Findings hold counts and masked examples only (the scanner never keeps raw
values).
"""
from __future__ import annotations

import datetime
import json
import os

import sqlalchemy as sa

from ckanext.govopen.messages import both

metadata = sa.MetaData()

scan_result = sa.Table(
    "govopen_scan_result", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("resource_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("sha256", sa.UnicodeText),            # None when the content could not be read
    sa.Column("marker", sa.UnicodeText, nullable=False),
    # done | failed | held (cannot be read: a reviewer decides) | not_applicable (old rows)
    sa.Column("status", sa.UnicodeText, nullable=False),
    sa.Column("has_pii", sa.Boolean, nullable=False, default=False),
    sa.Column("entities", sa.UnicodeText),          # JSON list
    sa.Column("findings", sa.UnicodeText),          # JSON: the ScanReport dict (masked examples only)
    sa.Column("kanon", sa.UnicodeText),             # JSON: KAnonymityResult dict, or null
    sa.Column("error", sa.UnicodeText),             # JSON message (code + params) when failed or held
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("checked", sa.DateTime, nullable=False),
)

DONE, FAILED, HELD, NOT_APPLICABLE = "done", "failed", "held", "not_applicable"


from ckanext.govopen.content import marker  # noqa: E402,F401  (re-exported)


def has_content(resource: dict) -> bool:
    return bool(str(resource.get("url") or "").strip())


def _row(row):
    if row is None:
        return None
    item = dict(row)
    for key in ("entities", "findings", "kanon", "error"):
        item[key] = json.loads(item[key]) if item[key] else None
    if item["error"] is not None:       # stored as a message (or, before, {zh, en}): words now
        item["error"] = both(item["error"])
    for key in ("created", "checked"):
        item[key] = item[key].isoformat()
    return item


def latest(session, resource_id):
    """The most recently checked result of a resource (any content), or None."""
    q = (sa.select(scan_result).where(scan_result.c.resource_id == resource_id)
         .order_by(scan_result.c.checked.desc(), scan_result.c.id.desc()).limit(1))
    return _row(session.execute(q).mappings().first())


def by_hash(session, resource_id, sha256):
    q = sa.select(scan_result).where(scan_result.c.resource_id == resource_id,
                                     scan_result.c.sha256 == sha256).limit(1)
    return _row(session.execute(q).mappings().first())


def current(session, resource: dict):
    """The result for the resource's current content, or None (not scanned yet: pending)."""
    if not resource.get("id"):
        return None
    found = latest(session, resource["id"])
    return found if found and found["marker"] == marker(resource) else None


def current_many(session, resources) -> dict:
    """``{resource_id: result for its current content}`` for many resources in one query
    (what :func:`current` says for each; resources without one are left out)."""
    ids = [r["id"] for r in resources if r.get("id")]
    if not ids:
        return {}
    q = (sa.select(scan_result).where(scan_result.c.resource_id.in_(ids))
         .order_by(scan_result.c.resource_id, scan_result.c.checked.desc(), scan_result.c.id.desc())
         .distinct(scan_result.c.resource_id))
    latest_by_id = {row["resource_id"]: row for row in session.execute(q).mappings()}
    out = {}
    for res in resources:
        row = latest_by_id.get(res.get("id"))
        if row is not None and row["marker"] == marker(res):
            out[res["id"]] = _row(row)
    return out


def save(session, resource_id, sha256, marker_, status, report=None, kanon=None, error=None):
    """Insert a result, or refresh the existing one for the same content (a re-check)."""
    now = datetime.datetime.utcnow()
    values = {"marker": marker_, "status": status, "checked": now,
              "has_pii": bool(report and report.get("has_pii")),
              "entities": json.dumps((report or {}).get("entities") or []),
              "findings": json.dumps(report, ensure_ascii=False) if report is not None else None,
              "kanon": json.dumps(kanon, ensure_ascii=False) if kanon is not None else None,
              "error": json.dumps(error, ensure_ascii=False) if error else None}
    existing = by_hash(session, resource_id, sha256) if sha256 else None
    if existing:
        session.execute(scan_result.update().where(scan_result.c.id == existing["id"]).values(**values))
    else:
        session.execute(scan_result.insert().values(resource_id=resource_id, sha256=sha256,
                                                    created=now, **values))


def touch(session, result_id, marker_):
    """Same content seen again under a new marker: the stored result now describes it."""
    session.execute(scan_result.update().where(scan_result.c.id == result_id).values(
        marker=marker_, checked=datetime.datetime.utcnow()))


def summary(result, resource: dict, approved=False) -> dict:
    """The finding dict ``classification.policy`` reads, for one resource."""
    if result is None:
        return {"resource_id": resource.get("id"), "status": "pending", "has_pii": False,
                "entities": [], "approved": False, "kanon": None}
    fmt = (result.get("findings") or {}).get("format")
    return {"resource_id": resource.get("id"), "status": result["status"],
            "has_pii": bool(result["has_pii"]), "entities": result["entities"] or [],
            "approved": approved, "kanon": result["kanon"], "sha256": result["sha256"],
            # a document (PDF, Word, ODF) has no rows to be k-anonymous over
            "kanon_applicable": result["status"] != DONE or fmt not in DOCUMENT_FORMATS}


#: scanned as text, not as a table
DOCUMENT_FORMATS = ("pdf", "docx", "odt", "ods")


def file_name(resource: dict) -> str:
    return os.path.basename(str(resource.get("url") or "").rstrip("/")) or resource.get("id") or ""
