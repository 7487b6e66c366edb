"""The dashboard's figures answered from Redis while nothing they count changed.

``figures.overview()`` and ``figures.department(org)`` (before the action
filters names by the caller) are the same for every reader, so one copy each
serves everyone. A copy is used only under the STAMP it was computed under,
read BEFORE computing:

- the newest ``metadata_modified`` of any package, asked of the database on
  every request (one step down an index): every create, edit, publication,
  withdrawal, resource change moves it, as does a change made in SQL behind
  CKAN that sets it (``records`` relies on the same rule);
- a GENERATION in Redis, bumped after a transaction that flushed a dataset or
  a department has committed (a deletion or a purge does not move
  ``metadata_modified``; a department's name or title is on the dashboard),
  and after a content check's facts were refreshed
  (``hooks.refresh_for_resource``), an approval (``hooks.wrap_approvals``),
  ``ckan govopen dashboard refresh``. Rows deleted in SQL behind CKAN are not
  seen: run that command (or ``bump()``);
- the day (overdue and recent are counted against it) and the facts' version
  (the classification policy in force).

A reader that stamped S and computed from an older database state stores its
copy under S, which no later reader's stamp equals once the change is
committed. The TTL only keeps Redis small. Showcase counts are not cached:
they are read on every request (``showcase.listing``, two small queries).
Off with ``govopen.dashboard.precomputed = false`` (then nothing is cached
and every dataset is read on every request, as before issue 17's bench).
A Redis failure is logged and the figures computed as without a cache.
"""
from __future__ import annotations

import datetime
import json
import logging

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.govopen import common

from . import facts, figures

log = logging.getLogger(__name__)

#: seconds an unused copy stays (memory only; correctness is the stamp's)
TTL = 24 * 3600
_MARK = "govopen_dashboard_changed"     # a session.info key (not a config option)


def _prefix() -> str:
    return "govopen:%s:dashboard:" % (tk.config.get("ckan.site_id") or "")


def generation_key() -> str:
    return _prefix() + "generation"


def catalog_state() -> str:
    """The newest ``metadata_modified`` of any package (an index of migration 0014)."""
    newest = model.Session.execute(sa.text("SELECT max(metadata_modified) FROM package")).scalar()
    return newest.isoformat() if newest else ""


def _stamp(generation: str, today: datetime.date) -> str:
    return "|".join((generation, catalog_state(), today.isoformat(), facts.version()))


def cached(what: str, today: datetime.date, compute):
    """``compute()``'s result for ``what``, from Redis when computed under the same stamp."""
    redis = None
    try:
        redis = common.redis_client(connect_to_redis)
        generation, entry = redis.mget([generation_key(), _prefix() + what])
        generation = (generation or b"0").decode()
    except Exception:  # noqa: BLE001 - no cache: the figures are computed
        log.exception("dashboard cache unreadable")
        return compute()
    stamp = _stamp(generation, today)
    if entry:
        kept, _, body = entry.decode("utf-8").partition("\n")
        if kept == stamp:
            return json.loads(body)
    result = compute()
    try:
        redis.set(_prefix() + what, (stamp + "\n" + json.dumps(result, ensure_ascii=False)).encode("utf-8"),
                  ex=TTL)
    except Exception:  # noqa: BLE001
        log.exception("dashboard cache unwritable")
    return result


def overview() -> dict:
    """``figures.overview()`` without the items (the action drops them for all
    departments), cached; showcase counts read now."""
    today = datetime.datetime.utcnow().date()
    if not figures.precomputed():
        return _without_items(figures.overview(today))
    result = cached("all", today, lambda: _without_items(figures.overview(today, kept=facts.by_org)))
    return figures.with_showcases(result)


def department(org) -> dict:
    """``figures.department(org)`` (with its items), cached; showcase count read now."""
    today = datetime.datetime.utcnow().date()
    if not figures.precomputed():
        return figures.department(org, today)
    result = cached("org:" + org.id, today, lambda: figures.department(org, today, kept=facts.by_org))
    return figures.with_showcases(result)


def _without_items(result: dict) -> dict:
    for department in result["departments"]:
        department.pop("items", None)
    result["all"].pop("items", None)
    return result


def bump() -> None:
    """Every cached copy is old from now on."""
    common.bump_generation(connect_to_redis, generation_key(), "dashboard cache")


# --- a dataset or a department written: the session's flushes ------------------------

_flushed, _ended = common.after_writes(_MARK, (model.Package, model.Group), lambda: bump())
