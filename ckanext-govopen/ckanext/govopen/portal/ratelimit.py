"""At most ``govopen.portal.register_limit`` self-registrations per client
address in ``govopen.portal.register_window`` seconds (issue 17), counted in
Redis (one counter per address and window). Every attempt counts, accepted
or not: a robot trying names is slowed as much as one that succeeds.

The client address is the one the participation feature uses
(``participation.common.client_address``: behind the deployment's proxy, the
address it appended to X-Forwarded-For when trusted). Redis unreachable: the
registration is not refused for it (the captcha still applies), and the
failure is logged.
"""
from __future__ import annotations

import logging
import math
import time
from typing import Optional

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.govopen.participation.common import client_address

log = logging.getLogger(__name__)


def _option(name: str) -> int:
    try:
        return max(0, int(tk.config.get(name) or 0))
    except (TypeError, ValueError):
        return 0


def limit() -> int:
    return _option("govopen.portal.register_limit")


def window() -> int:
    return max(1, _option("govopen.portal.register_window"))


def key(address: str, start: int) -> str:
    return "govopen:{}:register:{}:{}".format(tk.config.get("ckan.site_id") or "", address, start)


def over_limit(context) -> Optional[int]:
    """Count one registration attempt of this client; the minutes to wait when over
    the limit, else None (also when the limit is 0: off)."""
    most = limit()
    if most <= 0:
        return None
    span = window()
    now = time.time()
    start = int(now // span) * span
    try:
        pipe = connect_to_redis().pipeline()
        pipe.incr(key(client_address(context), start))
        pipe.expire(key(client_address(context), start), span + 5)
        count = pipe.execute()[0]
    except Exception:  # noqa: BLE001 - a Redis outage must not stop registrations
        log.exception("registration rate limit: Redis unavailable, not counted")
        return None
    if count <= most:
        return None
    return max(1, math.ceil((start + span - now) / 60))
