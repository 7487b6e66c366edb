"""Which datasets of an item anyone may see named: active, public and
unconditionally open by their stored verdict (``govopen_verdict``; a dataset
without one is not listed: fails closed). Conditionally open, not open and
private datasets are never named on a public surface, nor counted."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.model as model

from ckanext.govopen.verdict import model as verdict_model

from . import model as m

UNCONDITIONAL = "unconditional"
_pkg = model.package_table
_verdict = verdict_model.verdict


def _public_packages():
    """A select of the ids of datasets anyone may see named with a showcase."""
    return (sa.select(_pkg.c.id).select_from(_pkg.join(_verdict, _verdict.c.package_id == _pkg.c.id))
            .where(_pkg.c.state == "active", _pkg.c.private.is_(False), _pkg.c.type == "dataset",
                   _verdict.c.open_type == UNCONDITIONAL))


def is_public(package_id: str) -> bool:
    return model.Session.execute(_public_packages().where(_pkg.c.id == package_id)).first() is not None


def datasets_of(showcase_ids) -> dict:
    """showcase id -> ``[package_id, ...]`` of every dataset it uses (for moderators, filtered by the caller)."""
    found = {sid: [] for sid in showcase_ids}
    if not found:
        return found
    rows = model.Session.execute(sa.select(m.showcase_dataset).where(
        m.showcase_dataset.c.showcase_id.in_(list(found))))
    for row in rows:
        found[row.showcase_id].append(row.package_id)
    return found


def public_ids(package_ids) -> set:
    if not package_ids:
        return set()
    return {r[0] for r in model.Session.execute(_public_packages().where(_pkg.c.id.in_(list(package_ids))))}


def owner_orgs(package_ids) -> set:
    if not package_ids:
        return set()
    return {r[0] for r in model.Session.execute(
        sa.select(_pkg.c.owner_org).where(_pkg.c.id.in_(list(package_ids)))) if r[0]}


def approved_counts_by_org() -> dict:
    """org id -> how many approved items use at least one of its publicly named datasets."""
    public = _public_packages().subquery()
    query = (sa.select(_pkg.c.owner_org, sa.func.count(sa.distinct(m.showcase.c.id)))
             .select_from(m.showcase
                          .join(m.showcase_dataset, m.showcase_dataset.c.showcase_id == m.showcase.c.id)
                          .join(public, public.c.id == m.showcase_dataset.c.package_id)
                          .join(_pkg, _pkg.c.id == public.c.id))
             .where(m.showcase.c.status == m.APPROVED)
             .group_by(_pkg.c.owner_org))
    return {org: n for org, n in model.Session.execute(query) if org}


def approved_for_package(package_id: str) -> list:
    """Ids of the approved items that use ``package_id``, newest first (the caller
    checks that the dataset itself may be named publicly)."""
    query = (sa.select(m.showcase.c.id)
             .select_from(m.showcase.join(m.showcase_dataset, m.showcase_dataset.c.showcase_id == m.showcase.c.id))
             .where(m.showcase_dataset.c.package_id == package_id, m.showcase.c.status == m.APPROVED)
             .order_by(m.showcase.c.created.desc()))
    return [r[0] for r in model.Session.execute(query)]


def approved_count() -> int:
    """How many approved items use at least one publicly named dataset."""
    public = _public_packages().subquery()
    query = (sa.select(sa.func.count(sa.distinct(m.showcase.c.id)))
             .select_from(m.showcase
                          .join(m.showcase_dataset, m.showcase_dataset.c.showcase_id == m.showcase.c.id)
                          .join(public, public.c.id == m.showcase_dataset.c.package_id))
             .where(m.showcase.c.status == m.APPROVED))
    return model.Session.execute(query).scalar() or 0
