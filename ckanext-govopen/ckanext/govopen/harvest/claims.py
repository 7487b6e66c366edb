"""A harvest object is imported once, whichever fetch consumer takes it and
whichever of them dies.

ckanext-harvest's fetch consumers pop an object id from the Redis queue and
leave a key ``<queue>:<object id>`` (the time they took it) until they are
done; a consumer killed midway leaves that key and the object in FETCH or
IMPORT for ever, and ckanext-harvest puts it back on the queue only after
three minutes, whether its consumer is dead or merely slow (then two
consumers import it at once).

Here a consumer imports an object only while it holds the object's
**claim**: a PostgreSQL session advisory lock on a connection of its own,
which PostgreSQL releases the moment the process dies (on this machine or
another). Under the claim the import first asks whether this job already
wrote the record (its outcome row commits with the dataset, in one
transaction); if so it only redoes ckanext-harvest's bookkeeping, so a
second delivery writes nothing twice. ``recover`` (run by
``harvest_jobs_run``, the scheduler's call) puts back on the queue every
object taken more than ``govopen.harvest.claim_grace`` seconds ago whose
claim nobody holds: its consumer died, and another one finishes it.

While a claim is held its connection's ``application_name`` is
``govopen-import <pid> <object id>`` (``pg_stat_activity`` shows who
imports what).
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging
import os

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestObject

log = logging.getLogger(__name__)

APP_NAME = "govopen-import"
IN_PROGRESS = ("FETCH", "IMPORT")


def _key(object_id: str) -> int:
    return int(hashlib.sha256(("govopen-harvest-object:" + object_id).encode()).hexdigest()[:15], 16)


@contextlib.contextmanager
def claim(object_id: str, wait: bool = True):
    """Hold ``object_id``'s claim; yields True (with ``wait=False``: False when a
    live process holds it). Waits while another consumer imports the same object."""
    conn = ckan_model.meta.engine.connect()
    try:
        fn = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
        got = conn.execute(sa.text("SELECT %s(:k)" % fn), {"k": _key(object_id)}).scalar()
        got = True if wait else bool(got)
        if got and wait:
            conn.execute(sa.text("SELECT set_config('application_name', :n, false)"),
                         {"n": "%s %d %s" % (APP_NAME, os.getpid(), object_id)})
        conn.commit()
        try:
            yield got
        finally:          # a pooled connection outlives us: release the claim explicitly
            if got:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _key(object_id)})
                conn.execute(sa.text("RESET application_name"))
                conn.commit()
    finally:
        conn.close()


def grace() -> float:
    return float(tk.asint(tk.config.get("govopen.harvest.claim_grace")))


def _taken_at(value):
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S.%f")
    except (TypeError, ValueError):
        return None


def recover(now=None) -> list:
    """Put back on the fetch queue every object a consumer took (its Redis key)
    more than ``claim_grace`` seconds ago, still in FETCH or IMPORT, whose claim
    nobody holds. Returns their ids."""
    redis = queue.get_connection()
    routing_key = queue.get_fetch_routing_key()
    now = now or datetime.datetime.now()      # ckanext-harvest writes local time
    done = []
    for pkey in redis.scan_iter(match=routing_key + ":*"):
        object_id = pkey.rsplit(":", 1)[-1]
        taken = _taken_at(redis.get(pkey))
        if taken is None or (now - taken).total_seconds() < grace():
            continue
        state = ckan_model.Session.query(HarvestObject.state).filter(HarvestObject.id == object_id).scalar()
        if state not in IN_PROGRESS:
            continue
        with claim(object_id, wait=False) as free:
            # the one recoverer that deletes the key sends the object again
            if free and redis.delete(pkey):
                redis.rpush(routing_key, json.dumps({"harvest_object_id": object_id}))
                log.warning("harvest object %s: its consumer died midway; back on the queue", object_id)
                done.append(object_id)
    ckan_model.Session.commit()
    return done
