"""Each dataset's dashboard facts, kept between requests (table of migration
0014_dashboard_facts).

Reading every dataset for every dashboard request costs about 3 ms of CPU a
dataset (the stored dict, its validation states, the publication gates): five
minutes at 100,000 datasets. The facts of a dataset (``figures.stored_facts``:
nothing that depends on the day) are kept here instead, with the dataset's
``metadata_modified`` they were computed from and ``version()`` (this
module's ``FACTS_VERSION`` and the classification policy in force). A kept
row counts only while both still match: every write to a dataset or its
resources changes ``metadata_modified`` (CKAN's own rule for its
``package_show`` cache), so an edited, withdrawn or published dataset is
computed again when next read, and a deleted one is no longer read at all
(only active datasets are). What changes without a write to the dataset (a
content check finished: validation states, findings, the gates, the verdict
refreshed) is computed again by a resource job run after the verdict's
(``hooks.refresh_for_resource``); a changed classification policy
changes ``version()``. An approval (``govopen_review_approve``) changes what a gate says without a write
to the dataset: its facts are computed again after it (``hooks.wrap_approvals``).

Rows are written on their own connection, committed at once, in batches: a
read computing many (the first after this migration) keeps what it did even
if the request is cut short; ``ckan govopen dashboard refresh`` computes them
all ahead. Rows of purged datasets are never read (and ``prune`` removes them).
"""
from __future__ import annotations

import datetime
import json
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

import ckan.model as model

from ckanext.govopen import records, rows
from ckanext.govopen.verdict import compute as verdict_compute

from . import figures

#: Bump when ``figures.stored_facts`` changes what it keeps: every row is computed again.
FACTS_VERSION = "1"
BATCH = 500

metadata = sa.MetaData()

facts_table = sa.Table(
    "govopen_dashboard_facts", metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("modified", sa.DateTime),
    sa.Column("version", sa.UnicodeText, nullable=False),
    sa.Column("facts", sa.UnicodeText, nullable=False),
    sa.Column("computed", sa.DateTime, nullable=False),
)

_pkg = sa.table("package", sa.column("id"), sa.column("name"), sa.column("owner_org"),
                sa.column("state"), sa.column("type"), sa.column("metadata_modified"))


def version() -> str:
    return "%s:%s" % (FACTS_VERSION, verdict_compute.policy_version())


def _rows(where):
    """(id, owner_org, metadata_modified, kept version, kept modified, kept facts) of the
    active datasets ``where`` selects, by name."""
    f = facts_table.c
    query = (sa.select(_pkg.c.id, _pkg.c.owner_org, _pkg.c.metadata_modified, f.version, f.modified, f.facts)
             .select_from(_pkg.outerjoin(facts_table, f.package_id == _pkg.c.id))
             .where(_pkg.c.state == "active", _pkg.c.type == "dataset", where)
             .order_by(_pkg.c.name))
    return model.Session.execute(query).all()


def refresh(package_ids: Iterable[str]) -> dict:
    """Compute and keep the facts of these datasets (active ones; others are skipped):
    ``{package_id: facts}``. Committed per batch on a connection of its own.

    Each row keeps the ``metadata_modified`` read BEFORE the dataset (a write in
    between leaves a row that no longer matches: computed again), and the time
    its computing began: a row begun earlier never replaces one begun later (a
    content job's refresh wins over a slow reader that read before the job)."""
    package_ids = sorted(set(package_ids))
    found: dict = {}
    current = version()
    for i in range(0, len(package_ids), BATCH):
        chunk = package_ids[i:i + BATCH]
        began = rows.now()
        modified = dict(model.Session.execute(
            sa.select(_pkg.c.id, _pkg.c.metadata_modified).where(_pkg.c.id.in_(chunk))).all())
        batch = []
        for dataset in records.by_ids(chunk):
            kept = figures.stored_facts(dataset)
            found[dataset["id"]] = kept
            batch.append({"package_id": dataset["id"], "modified": modified.get(dataset["id"]),
                          "version": current,
                          "facts": json.dumps(kept, ensure_ascii=False, separators=(",", ":")),
                          "computed": began})
        if batch:
            stmt = insert(facts_table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[facts_table.c.package_id],
                set_={c: stmt.excluded[c] for c in ("modified", "version", "facts", "computed")},
                where=facts_table.c.computed <= stmt.excluded.computed)
            with model.meta.engine.begin() as connection:
                connection.execute(stmt, batch)
    return found


def stale_ids(force: bool = False) -> list:
    """Active datasets whose kept facts are missing or no longer theirs (``force``: all)."""
    current = version()
    return [r[0] for r in _rows(sa.true()) if force or r[5] is None or r[3] != current or r[4] != r[2]]


def by_org(org_ids: list, today: datetime.date) -> dict:
    """``{org id: [dated facts of its active datasets, by name]}``, computing (and
    keeping) only the missing and stale ones."""
    found: dict = {org: [] for org in org_ids}
    if not org_ids:
        return found
    current = version()
    listed = _rows(_pkg.c.owner_org.in_(org_ids))
    fresh = {}
    stale = []
    for package_id, owner_org, modified, kept_version, kept_modified, text in listed:
        if text is not None and kept_version == current and kept_modified == modified:
            fresh[package_id] = json.loads(text)
        else:
            stale.append(package_id)
    if stale:
        fresh.update(refresh(stale))
    for package_id, owner_org, *_ in listed:
        kept = fresh.get(package_id)
        if kept is not None:
            found.setdefault(owner_org, []).append(figures.dated(dict(kept, owner_org=owner_org), today))
    return found


def prune() -> int:
    """Remove the rows of datasets that no longer exist (purged); their rows are never read."""
    gone = sa.select(_pkg.c.id).where(_pkg.c.id == facts_table.c.package_id)
    with model.meta.engine.begin() as connection:
        return connection.execute(sa.delete(facts_table).where(~gone.exists())).rowcount
