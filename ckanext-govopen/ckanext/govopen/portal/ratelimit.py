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
from typing import Optional

import ckan.plugins.toolkit as tk

from ckanext.govopen.common import count_in_window
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


def over_limit(context) -> Optional[int]:
    """Count one registration attempt of this client; the minutes to wait when over
    the limit, else None (also when the limit is 0: off)."""
    most = limit()
    if most <= 0:
        return None
    try:
        wait = count_in_window("register", client_address(context), most, window())
    except Exception:  # noqa: BLE001 - a Redis outage must not stop registrations
        log.exception("registration rate limit: Redis unavailable, not counted")
        return None
    return None if wait is None else max(1, math.ceil(wait / 60))
