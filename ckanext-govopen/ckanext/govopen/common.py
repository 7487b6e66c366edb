"""Small pieces every feature package uses, in one leaf module.

Imports nothing else of govopen (the import contract in
``tests/unit/test_import_contract.py`` holds it to that), so any module may
import it at module top without making a cycle.

- ``current_lang()``: the reader's language as ``"zh"`` or ``"en"``;
- ``lang_key`` and ``pick``: choosing one side of a zh/en message;
- ``dataset_from_flat``: the package dict of navl's flattened ``data``;
- ``utcnow``: the time stored in govopen's own rows;
- ``redis_key``: a Redis key of this site (``govopen:<site_id>:...``), every cache and counter's;
- ``count_in_window``: one more event in a fixed-window rate counter (Redis);
- ``after_writes``: a callback once after each transaction of CKAN's session
  that wrote objects of given types (what a cache's generation bump listens to),
  and ``values_before_and_after`` / ``remember_old_values`` (what such a write
  touched);
- ``redis_client`` and ``bump_generation``: one Redis client per process, and
  the generation counter a Redis cache's entries are stamped with.
"""
import datetime
import logging
import os
import time
from typing import Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import unflatten


def lang_key(locale) -> str:
    """``"zh"`` for a Chinese locale (``zh``, ``zh_Hans``, ``zh_Hans_CN``), else ``"en"``."""
    return "zh" if str(locale or "").lower().startswith("zh") else "en"


def current_lang() -> str:
    """The reader's language, ``"zh"`` or ``"en"``.

    In a request: the request's language (``CKAN_LANG``, which CKAN's
    I18nMiddleware sets on every web request; a request without it reads as
    ``"en"``). Outside a request (CLI, background jobs): ``ckan.locale_default``.
    """
    try:
        return lang_key(tk.h.lang())
    except Exception:  # noqa: BLE001 - no request context (background job, CLI)
        return lang_key(tk.config.get("ckan.locale_default", "en"))


def pick(message, lang=None) -> str:
    """One side of a ``{"zh": ..., "en": ...}`` message: ``lang`` (default the
    reader's), else English, else Chinese. Anything else is returned as it is
    (``""`` for None)."""
    if not isinstance(message, dict):
        return message or ""
    return message.get(lang_key(lang) if lang else current_lang()) or message.get("en") or message.get("zh") or ""


def dataset_from_flat(data) -> dict:
    """The package dict of a navl flattened ``data`` (tuple keys), without
    navl's ``__junk`` and ``__extras``."""
    flat = {k: v for k, v in data.items()
            if isinstance(k, tuple) and k and k[0] not in ("__junk", "__extras")}
    return unflatten(flat)


def utcnow() -> datetime.datetime:
    """The time written into govopen's rows: naive UTC, as the tables store it."""
    return datetime.datetime.utcnow()


def redis_key(*parts) -> str:
    """A Redis key of this site (``govopen:<ckan.site_id>:<part>:<part>...``): two
    sites sharing one Redis never read each other's entries. ``redis_key("suggest", "")``
    is the prefix ``govopen:<site>:suggest:``."""
    return ":".join(["govopen", tk.config.get("ckan.site_id") or ""] + [str(p) for p in parts])


def count_in_window(kind: str, client: str, limit: int, window: int) -> Optional[float]:
    """One more ``kind`` event by ``client`` in the current fixed window of ``window``
    seconds, counted in Redis (one key per kind, client and window); the seconds
    until that window ends when the count is over ``limit``, else None. Redis
    errors are the caller's to handle."""
    from ckan.lib.redis import connect_to_redis
    now = time.time()
    start = int(now // window) * window
    key = redis_key(kind, client, start)
    pipe = connect_to_redis().pipeline()
    pipe.incr(key)
    pipe.expire(key, window + 5)
    count = pipe.execute()[0]
    return None if count <= limit else start + window - now


_AFTER_WRITES: dict = {}


def after_writes(mark: str, watched: tuple, then, keys=None) -> tuple:
    """``then()`` once after each commit or rollback of CKAN's session
    (``model.Session``) that flushed a new, changed or deleted object of a
    ``watched`` class, or whose ``session.info[mark]`` was set by other code
    (a write the session does not see: a search document). The listeners are
    registered once per ``mark``; they are returned, ``(flushed, ended)``, for
    tests that drive them with a stand-in session.

    With ``keys`` (``keys(obj)``: what a written object touched, e.g. the
    departments of a dataset, before and after the write): ``then(touched)``, the
    set of the keys of every watched object written in the transaction (other
    code may add to the set in ``session.info[mark]``)."""
    if mark not in _AFTER_WRITES:
        def flushed(session, flush_context, instances) -> None:
            if keys is None and session.info.get(mark):
                return
            for obj in list(session.new) + list(session.dirty) + list(session.deleted):
                if isinstance(obj, watched):
                    if keys is None:
                        session.info[mark] = True
                        return
                    session.info.setdefault(mark, set()).update(keys(obj))

        def ended(session) -> None:
            touched = session.info.pop(mark, None)
            if touched is None or touched is False:
                return
            if keys is None:
                then()
            else:
                then(touched)

        sa.event.listen(model.Session, "before_flush", flushed)
        sa.event.listen(model.Session, "after_commit", ended)
        sa.event.listen(model.Session, "after_rollback", ended)
        _AFTER_WRITES[mark] = (flushed, ended)
    return _AFTER_WRITES[mark]


def values_before_and_after(obj, attribute: str) -> set:
    """The values ``obj.<attribute>`` had at load and has now (unflushed changes
    included), without None: what a pending write touches (a dataset moved from
    one department to another touches both). An attribute not loaded is read
    (without a flush: this runs inside one). The value before a change is known
    when it was loaded before it was set: ``remember_old_values``."""
    state = sa.inspect(obj)
    history = state.attrs[attribute].history
    values = [*history.added, *history.unchanged, *history.deleted]
    if not values and state.session is not None:
        with state.session.no_autoflush:
            values = [getattr(obj, attribute)]
    return {v for v in values if v is not None}


def remember_old_values(attribute) -> None:
    """A mapped ``attribute`` (``model.Package.owner_org``) loads its old value before
    it is set, so ``values_before_and_after`` sees both sides of every change."""
    sa.event.listen(attribute, "set", _ignore_set, active_history=True)


def _ignore_set(target, value, oldvalue, initiator):
    return None


_CLIENTS: dict = {}
log = logging.getLogger(__name__)


def redis_client(connect):
    """This process's Redis client from ``connect`` (CKAN's ``connect_to_redis``,
    or a test's stand-in), made once: a client object costs more to build than a
    cache hit's ``MGET`` (profiled, 2026-12-04). Made again in a forked worker."""
    key = (os.getpid(), connect)
    if key not in _CLIENTS:
        _CLIENTS[key] = connect()
    return _CLIENTS[key]


def bump_generation(connect, key: str, what: str) -> None:
    """Every entry of the cache stamped with generation ``key`` is old from now
    on. Never raises: it runs after a write that is committed already."""
    try:
        redis_client(connect).incr(key)
    except Exception:  # noqa: BLE001
        log.exception("%s: generation not bumped", what)
