"""The stored verdicts (table of migration 0010_verdict): one row per dataset."""
from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from ckanext.govopen import rows

metadata = sa.MetaData()

verdict = sa.Table(
    "govopen_verdict", metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("open_type", sa.UnicodeText, nullable=False),
    sa.Column("verdict", sa.UnicodeText, nullable=False),     # JSON: compute.compute()
    sa.Column("computed", sa.DateTime, nullable=False),
)


def get(session, package_id):
    """The stored verdict dict of a dataset, or None."""
    row = session.execute(sa.select(verdict.c.verdict).where(
        verdict.c.package_id == package_id)).first()
    return json.loads(row[0]) if row else None


def save(session, package_id, value: dict) -> bool:
    """Store ``value``; True when it differs from what was stored."""
    before = get(session, package_id)
    if before == value:
        return False
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    stmt = insert(verdict).values(package_id=package_id, open_type=value["open_type"],
                                  verdict=text, computed=rows.now())
    session.execute(stmt.on_conflict_do_update(
        index_elements=[verdict.c.package_id],
        set_={"open_type": value["open_type"], "verdict": text, "computed": rows.now()}))
    return True


def get_many(session, package_ids) -> dict:
    """``{package_id: stored verdict dict}`` of these datasets (those with one)."""
    found = {}
    for package_id, text in session.execute(sa.select(verdict.c.package_id, verdict.c.verdict)
                                            .where(verdict.c.package_id.in_(list(package_ids)))):
        try:
            found[package_id] = json.loads(text)
        except ValueError:
            continue
    return found
