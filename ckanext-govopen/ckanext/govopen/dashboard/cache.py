"""The dashboard's figures answered from Redis while nothing they count changed.

The figures are sums over datasets (``figures.partial``), so each DEPARTMENT's
counts are kept on their own, under that department's own STAMP, and the
overview adds up the parts of every department (``figures.overview_of``: about
a hundred small entries, one ``MGET``): a write costs only the departments it
touched; the sum is kept too (``all``), under a digest of every department's
stamp, name and title. Per department, two entries: ``part:<id>`` (its counts and its
federation roll-up, what the overview reads) and ``items:<id>`` (which of its
datasets are held or overdue, for its own page), computed together from its
kept facts (``facts.by_org``). An entry is used only under the stamp it was
computed under, read BEFORE computing:

- the newest ``metadata_modified`` of the department's packages, asked of the
  database on every request (one step down an index of migration 0015, for
  every department in one query): every create, edit, publication,
  withdrawal, resource change moves it, as does a change made in SQL behind
  CKAN that sets it (``records`` relies on the same rule);
- the department's GENERATION in Redis, bumped after a transaction that
  flushed one of its datasets (a dataset moved to another department bumps
  both: ``common.values_before_and_after``) or the department itself has
  committed (a deletion or a purge does not move ``metadata_modified``), and
  after a content check's facts were refreshed (``hooks.refresh_for_resource``)
  or an approval (``hooks.wrap_approvals``), for the dataset's department;
- a global generation, bumped by ``bump()`` (``ckan govopen dashboard refresh``);
- the day (overdue and recent are counted against it) and the facts' version
  (the classification policy in force: a new policy makes every entry old).

A reader that stamped S and computed from an older database state stores its
copy under S, which no later reader's stamp equals once the change is
committed. Not seen: a dataset moved or deleted in SQL behind CKAN (its old
department's newest ``metadata_modified`` need not move): run ``ckan govopen
dashboard refresh``. The departments listed, their names and titles, and the
showcase counts are read on every request. The TTL only keeps Redis small.
Off with ``govopen.dashboard.precomputed = false`` (then nothing is cached and
every dataset is read on every request, as before issue 17's bench). A Redis
failure is logged and the figures computed as without a cache.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import logging

import sqlalchemy as sa

import ckan.model as model
from ckan.lib.redis import connect_to_redis

from ckanext.govopen import common
from ckanext.govopen.harvest import show as harvest_show

from . import facts, figures

log = logging.getLogger(__name__)

#: seconds an unused copy stays (memory only; correctness is the stamp's)
TTL = 24 * 3600
_MARK = "govopen_dashboard_changed"     # a session.info key (not a config option)


def _prefix() -> str:
    return common.redis_key("dashboard", "")


def generation_key(org_id: str = "") -> str:
    """The global generation, or one department's."""
    return _prefix() + "generation" + (":" + org_id if org_id else "")


_STATES = sa.text(
    "SELECT g.id, g.name, g.title, (SELECT max(p.metadata_modified) FROM package p WHERE p.owner_org = g.id) "
    "FROM \"group\" g WHERE g.is_organization AND g.state = 'active' ORDER BY g.name")
_STATE = sa.text("SELECT max(metadata_modified) FROM package WHERE owner_org = :id")


def department_states() -> list:
    """``(id, name, title, newest metadata_modified)`` of every active department, by
    name (the newest: an index of migration 0015, one step per department)."""
    return model.Session.execute(_STATES).all()


def _stamp(generations: tuple, newest, today: datetime.date) -> str:
    return "|".join((*generations, newest.isoformat() if newest else "", today.isoformat(), facts.version()))


def _generation(value) -> str:
    return (value or b"0").decode()


def _entry(text, stamp):
    """The JSON of an entry kept under ``stamp``, else None."""
    if not text:
        return None
    kept, _, body = text.decode("utf-8").partition("\n")
    return json.loads(body) if kept == stamp else None


def _compute(orgs: list, stamps: dict, today: datetime.date, redis) -> dict:
    """``{org id: (part, items)}`` of these departments from their kept facts, kept in
    Redis under ``stamps[org id]``."""
    by_org = facts.by_org([org.id for org in orgs], today)
    provenance = harvest_show.provenance_of(model.Session, [f["id"] for fs in by_org.values() for f in fs])
    found = {org.id: figures.department_parts(by_org.get(org.id, []), provenance) for org in orgs}
    if redis is not None:
        try:
            pipe = redis.pipeline(transaction=False)
            for org_id, (part, items) in found.items():
                for what, value in (("part:", part), ("items:", items)):
                    pipe.set(_prefix() + what + org_id,
                             (stamps[org_id] + "\n" + json.dumps(value, ensure_ascii=False)).encode("utf-8"),
                             ex=TTL)
            pipe.execute()
        except Exception:  # noqa: BLE001
            log.exception("dashboard cache unwritable")
    return found


def _redis():
    try:
        return common.redis_client(connect_to_redis)
    except Exception:  # noqa: BLE001 - no cache: the figures are computed
        log.exception("dashboard cache unreadable")
        return None


def _mget(redis, keys: list):
    if redis is None:
        return None
    try:
        return redis.mget(keys)
    except Exception:  # noqa: BLE001 - no cache: the figures are computed
        log.exception("dashboard cache unreadable")
        return None


def overview() -> dict:
    """``figures.overview()`` from each department's part, cached per department (only
    the departments whose stamp moved are computed); the sum itself kept under all
    the departments' stamps together; showcase counts read now."""
    today = datetime.datetime.utcnow().date()
    if not figures.precomputed():
        return figures.overview(today)
    orgs = department_states()
    redis = _redis()
    keys = [generation_key(), _prefix() + "all"] + [generation_key(org.id) for org in orgs]
    values = _mget(redis, keys)
    if values is None:
        redis, values = None, [None] * len(keys)
    everything = _generation(values[0])
    stamps = {org.id: _stamp((everything, _generation(values[2 + i])), org[3], today) for i, org in enumerate(orgs)}
    # the departments listed, their names and titles, and each one's stamp
    whole = hashlib.sha256(json.dumps([[org.id, org.name, org.title, stamps[org.id]] for org in orgs],
                                      ensure_ascii=False).encode("utf-8")).hexdigest()
    kept = _entry(values[1], whole)
    if kept is not None:
        return figures.with_showcases(kept)
    entries = _mget(redis, [_prefix() + "part:" + org.id for org in orgs]) or [None] * len(orgs)
    parts = {org.id: _entry(entries[i], stamps[org.id]) for i, org in enumerate(orgs)}
    stale = [org for org in orgs if parts[org.id] is None]
    if stale:
        for org_id, (part, _) in _compute(stale, stamps, today, redis).items():
            parts[org_id] = part
    result = figures.overview_of([(org, parts[org.id]) for org in orgs], today)
    if redis is not None:
        try:
            redis.set(_prefix() + "all", (whole + "\n" + json.dumps(result, ensure_ascii=False)).encode("utf-8"),
                      ex=TTL)
        except Exception:  # noqa: BLE001
            log.exception("dashboard cache unwritable")
    return result


def department(org) -> dict:
    """``figures.department(org)`` (with its items), cached under the department's
    stamp; showcase count read now."""
    today = datetime.datetime.utcnow().date()
    if not figures.precomputed():
        return figures.department(org, today)
    newest = model.Session.execute(_STATE, {"id": org.id}).scalar()
    redis = _redis()
    values = _mget(redis, [generation_key(), generation_key(org.id), _prefix() + "part:" + org.id,
                           _prefix() + "items:" + org.id])
    if values is None:
        redis, values = None, [None] * 4
    stamp = _stamp((_generation(values[0]), _generation(values[1])), newest, today)
    part, items = _entry(values[2], stamp), _entry(values[3], stamp)
    if part is None or items is None:
        part, items = _compute([org], {org.id: stamp}, today, redis)[org.id]
    return figures.department_result(org, part["figures"], items, today)


def bump() -> None:
    """Every cached copy is old from now on."""
    common.bump_generation(connect_to_redis, generation_key(), "dashboard cache")


def bump_departments(org_ids) -> None:
    """The cached copies of these departments are old from now on."""
    for org_id in sorted(set(org_ids)):
        common.bump_generation(connect_to_redis, generation_key(org_id), "dashboard cache")


def touched(obj) -> set:
    """The departments a written dataset (before and after) or department touches."""
    if isinstance(obj, model.Package):
        return common.values_before_and_after(obj, "owner_org")
    return {obj.id} if obj.id else set()


# --- a dataset or a department written: the session's flushes ------------------------

common.remember_old_values(model.Package.owner_org)
_flushed, _ended = common.after_writes(_MARK, (model.Package, model.Group), lambda orgs: bump_departments(orgs),
                                       keys=touched)
