"""The texts of the portal's accounts, declared once (``ckanext.govopen.messages``;
the Chinese is in the zh_Hans_CN catalog)."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

MESSAGES = {
    "terms_required": declare("portal.terms_required", N_(
        "Please accept the terms of use to create an account.")),
}


def message(key, **params):
    return MESSAGES[key](**params)
