"""Pending counts (Redis) into ``govopen_dataset_uses`` (PostgreSQL), by dataset.

A flush renames the pending hash (atomic: the workers' next counts start a new
one), adds its counts to the datasets they belong to, commits, then deletes
the renamed hash; one flush at a time (a Redis lock), and a renamed hash left
by a flush that died is taken by the next. Counts of a resource that is gone,
or of a dataset that may not be counted (``countable``: active, public,
unconditionally open by its stored verdict), are dropped, never stored.

``reindex_changed`` rewrites the search document of each dataset whose total
moved since its document was written (``indexed``), so the search sort
``govopen_uses desc`` follows without a reindex per call: run by
``ckan govopen uses flush`` (periodically, e.g. cron every 10 minutes) and
queued as a background job after a flush on read (``flush_if_due``).
"""
from __future__ import annotations

import logging
import uuid
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.govopen import reindex, rows
from ckanext.govopen.verdict import compute
from ckanext.govopen.verdict import model as vmodel

from . import count
from .model import uses

log = logging.getLogger(__name__)

LOCK_SECONDS = 300
KINDS = {count.DOWNLOAD: "downloads", count.API_CALL: "api_calls"}


def _keys():
    base = count.pending_key()
    return base, base + ":flushing:", base + ":lock", base + ":due"


def countable(package_id: str) -> bool:
    """May this dataset's uses be counted: active, public, unconditionally open now."""
    package = model.Package.get(package_id)
    if package is None or package.state != "active" or package.private or package.type != "dataset":
        return False
    stored = vmodel.get(model.Session, package_id)
    return bool(stored) and stored.get("open_type") == "unconditional" \
        and stored.get("policy") == compute.policy_version()


def _by_dataset(counts: dict) -> dict:
    """``{package_id: {"downloads": n, "api_calls": n}}`` of the countable datasets."""
    by_resource = defaultdict(lambda: defaultdict(int))
    for field, value in counts.items():
        field = field.decode() if isinstance(field, bytes) else field
        kind, _, rid = field.partition(":")
        if kind in KINDS and rid:
            by_resource[rid][KINDS[kind]] += int(value)
    if not by_resource:
        return {}
    table = model.resource_table
    owners = dict(model.Session.execute(
        sa.select(table.c.id, table.c.package_id)
        .where(table.c.id.in_(list(by_resource)), table.c.state == "active")).all())
    out: dict = {}
    for rid, kinds in by_resource.items():
        package_id = owners.get(rid)
        if package_id is None:
            continue
        total = out.setdefault(package_id, {"downloads": 0, "api_calls": 0})
        for name, n in kinds.items():
            total[name] += n
    return {pid: n for pid, n in out.items() if countable(pid)}


def _store(by_dataset: dict) -> None:
    for package_id, n in by_dataset.items():
        stmt = insert(uses).values(package_id=package_id, indexed=0, updated=rows.now(), **n)
        model.Session.execute(stmt.on_conflict_do_update(
            index_elements=[uses.c.package_id],
            set_={"downloads": uses.c.downloads + n["downloads"],
                  "api_calls": uses.c.api_calls + n["api_calls"], "updated": rows.now()}))


def flush() -> list:
    """Move the pending counts into PostgreSQL; the ids of the datasets that got some
    (empty when another flush holds the lock)."""
    redis = connect_to_redis()
    pending, flushing, lock, _due = _keys()
    token = uuid.uuid4().hex
    if not redis.set(lock, token, nx=True, ex=LOCK_SECONDS):
        return []
    try:
        if redis.exists(pending):
            redis.rename(pending, flushing + token)
        taken = sorted(redis.scan_iter(match=flushing + "*"))
        merged: dict = defaultdict(int)
        for key in taken:
            for field, value in redis.hgetall(key).items():
                merged[field] += int(value)
        by_dataset = _by_dataset(merged)
        _store(by_dataset)
        model.Session.commit()
        if taken:
            redis.delete(*taken)
        return sorted(by_dataset)
    except Exception:
        model.Session.rollback()
        raise
    finally:
        if redis.get(lock) in (token, token.encode()):
            redis.delete(lock)


def flush_if_due() -> None:
    """``flush`` at most once per ``govopen.uses.flush_interval`` seconds (any process);
    the search documents of what it moved follow in a background job (``reindex_changed``)."""
    interval = int(tk.config.get("govopen.uses.flush_interval") or 0)
    if interval <= 0:
        return
    if connect_to_redis().set(_keys()[3], "1", nx=True, ex=interval):
        try:
            if flush():
                tk.enqueue_job(reindex_changed, title="govopen uses: reindex changed counts")
        except Exception:  # noqa: BLE001 - the ranking shows what is stored
            log.exception("flushing the use counts failed")


def reindex_changed() -> list:
    """Rewrite the search document of every dataset whose total moved since it was indexed."""
    total = uses.c.downloads + uses.c.api_calls
    changed = model.Session.execute(
        sa.select(uses.c.package_id, total).where(total != uses.c.indexed)).all()
    model.Session.commit()
    done = []
    for package_id, value in changed:
        if reindex.reindex(package_id):
            model.Session.execute(sa.update(uses).where(uses.c.package_id == package_id)
                                  .values(indexed=value))
            model.Session.commit()
            done.append(package_id)
    return sorted(done)


def forget(package_id: str, verdict: dict) -> None:
    """Verdict hook: a dataset that may not be counted (not open, or private) keeps no counts."""
    package = model.Package.get(package_id)
    if verdict.get("open_type") != "unconditional" or package is None or package.private:
        model.Session.execute(sa.delete(uses).where(uses.c.package_id == package_id))
