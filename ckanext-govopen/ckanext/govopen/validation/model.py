"""Stored validation reports (table ``govopen_validation_report``, created by
migration 0002_validation) on a private MetaData, never CKAN's.

A report belongs to one resource, one content (``sha256``) and one set of
``settings`` (the schema and header/footer rows it was checked with): the
same file checked against a changed schema is a new report. ``marker`` says
which content the resource pointed at when last checked (upload name and
time, or link), so the gate finds the current report without reading files.
"""
from __future__ import annotations

import datetime
import hashlib
import json
from typing import Optional

import sqlalchemy as sa

from ckanext.govopen.messages import both, render

metadata = sa.MetaData()

reports = sa.Table(
    "govopen_validation_report", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("resource_id", sa.UnicodeText, nullable=False),
    sa.Column("sha256", sa.UnicodeText),
    sa.Column("settings", sa.UnicodeText, nullable=False),
    sa.Column("marker", sa.UnicodeText, nullable=False),
    sa.Column("status", sa.UnicodeText, nullable=False),
    sa.Column("schema_source", sa.UnicodeText),
    sa.Column("sampled", sa.Boolean, nullable=False, default=False),
    sa.Column("rows", sa.BigInteger, nullable=False, default=0),
    sa.Column("error_count", sa.BigInteger, nullable=False, default=0),
    sa.Column("report", sa.UnicodeText, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("checked", sa.DateTime, nullable=False),
)


from ckanext.govopen.content import marker  # noqa: E402,F401  (re-exported)


def settings_key(schema: Optional[dict], header_row, skip_footer) -> str:
    """A digest of what the table is checked with (same file, new schema: new report)."""
    text = json.dumps({"schema": schema, "header_row": header_row, "skip_footer": skip_footer},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _words(report: dict) -> dict:
    """A stored report as read: validation's own problems (stored as messages;
    older reports hold "en (zh)" text, shown as it is) in the reader's language,
    and the report's ``message`` in both (``{"zh", "en"}``, as the API gave it)."""
    for group in (report.get("errors") or {}).values():
        for error in group.get("errors") or []:
            if isinstance(error.get("message"), dict):
                error["message"] = render(error["message"])
    if isinstance(report.get("message"), dict):
        report["message"] = both(report["message"])
    return report


def _row(row) -> Optional[dict]:
    if row is None:
        return None
    item = dict(row)
    item["report"] = _words(json.loads(item["report"]))
    for key in ("created", "checked"):
        item[key] = item[key].isoformat()
    return item


def latest(session, resource_id: str) -> Optional[dict]:
    """The most recently checked report of a resource, whatever its content."""
    q = (sa.select(reports).where(reports.c.resource_id == resource_id)
         .order_by(reports.c.checked.desc(), reports.c.id.desc()).limit(1))
    return _row(session.execute(q).mappings().first())


def find(session, resource_id: str, sha256: str, settings: str) -> Optional[dict]:
    q = (sa.select(reports).where(reports.c.resource_id == resource_id,
                                  reports.c.sha256 == sha256, reports.c.settings == settings)
         .order_by(reports.c.id.desc()).limit(1))
    return _row(session.execute(q).mappings().first())


def current(session, resource: dict, settings: str) -> Optional[dict]:
    """The report for the resource's current content and settings, or None (pending)."""
    if not resource.get("id"):
        return None
    found = latest(session, resource["id"])
    if found and found["marker"] == marker(resource) and found["settings"] == settings:
        return found
    return None


def save(session, resource_id: str, sha256: Optional[str], settings: str, marker_: str,
         report: dict) -> int:
    """Store a new report; returns its id. Commits: a job's result is final."""
    now = datetime.datetime.utcnow()
    result = session.execute(reports.insert().values(
        resource_id=resource_id, sha256=sha256, settings=settings, marker=marker_,
        status=report["status"], schema_source=report.get("schema_source"),
        sampled=bool(report.get("sampled")), rows=int(report.get("rows") or 0),
        error_count=int(report.get("error_count") or 0),
        report=json.dumps(report, ensure_ascii=False), created=now, checked=now))
    session.commit()
    return result.inserted_primary_key[0]


def touch(session, report_id: int, marker_: str) -> None:
    """The same content came back (re-upload of an unchanged file): point at it again."""
    session.execute(reports.update().where(reports.c.id == report_id).values(
        marker=marker_, checked=datetime.datetime.utcnow()))
    session.commit()


def statuses(session, resource_ids) -> dict:
    """``{resource_id: latest report row}`` for many resources at once."""
    ids = [r for r in resource_ids if r]
    if not ids:
        return {}
    q = (sa.select(reports).where(reports.c.resource_id.in_(ids))
         .order_by(reports.c.resource_id, reports.c.checked.desc(), reports.c.id.desc())
         .distinct(reports.c.resource_id))
    return {row["resource_id"]: _row(row) for row in session.execute(q).mappings()}
