"""A captcha that needs no outside service (issue 17): the registration form
carries a signed stamp of when it was shown, and a honeypot field people do
not see.

- ``STAMP``: ``<issued>.<hmac>``, the moment the form was rendered, signed
  with the site's secret. A registration without a valid stamp (a script
  posting straight to ``/user/register``, or a stamp altered or older than
  ``MAX_AGE``) is refused, as is one sent less than
  ``govopen.portal.register_min_seconds`` after the form was shown (people
  take longer than that to type a name, an address and a password twice).
- ``HONEYPOT``: a text field hidden from people (off screen, out of the tab
  order, ``aria-hidden``); form-filling robots fill it in, and are refused.

Checked by the chained ``user_create`` (accounts.py) for self-registrations;
nothing is stored on refusal.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from typing import Optional

import ckan.plugins.toolkit as tk

#: the form's hidden fields
STAMP = "govopen_stamp"
HONEYPOT = "govopen_website"
#: a stamp older than this (seconds) is refused: a form fetched once is not a
#: licence to register for ever
MAX_AGE = 24 * 3600


def _key() -> bytes:
    secret = str(tk.config.get("SECRET_KEY") or "")
    return hmac.new(secret.encode(), b"govopen.portal.captcha", hashlib.sha256).digest()


def _sign(issued: int) -> str:
    return hmac.new(_key(), str(issued).encode(), hashlib.sha256).hexdigest()


def min_seconds() -> int:
    try:
        return max(0, int(tk.config.get("govopen.portal.register_min_seconds") or 0))
    except (TypeError, ValueError):
        return 0


def stamp(now: Optional[float] = None) -> str:
    """The stamp of a form shown ``now``."""
    issued = int(time.time() if now is None else now)
    return "%d.%s" % (issued, _sign(issued))


def govopen_register_stamp() -> str:
    """Template helper: the stamp of the registration form being rendered."""
    return stamp()


def refusal(data_dict: dict, now: Optional[float] = None) -> Optional[str]:
    """Why this registration looks like a robot's (a key of ``portal.messages``), or None.
    Takes the two fields out of ``data_dict``."""
    trap = data_dict.pop(HONEYPOT, "")
    value = str(data_dict.pop(STAMP, "") or "")
    if str(trap or "").strip():
        return "form_bot"
    issued_text, _dot, signature = value.partition(".")
    if not issued_text.isdigit() or len(issued_text) > 12:
        return "form_stale"
    issued = int(issued_text)
    if not hmac.compare_digest(signature.encode(), _sign(issued).encode()):
        return "form_stale"
    age = (time.time() if now is None else now) - issued
    if age > MAX_AGE or age < -60:
        return "form_stale"
    if age < min_seconds():
        return "form_too_fast"
    return None
