"""A user's picture without third-party requests: a profile picture that lives
on another host (``image_url`` set to any web address, which CKAN hotlinks
into every page the user appears on) is shown as the placeholder picture, so
a reader's browser never fetches from a host the portal does not run (the
same rule as ``ckan.gravatar_default = disabled``), and a dead host never
leaves a broken image in the header. Pictures uploaded to the portal itself,
and users without a picture, get CKAN's answer. Chained onto CKAN's
``user_image`` helper, which the header and the user page use.
"""
from __future__ import annotations

from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk


def is_foreign(url: str, site_url: str) -> bool:
    """True when ``url`` is an absolute address outside ``site_url``."""
    url = (url or "").strip()
    if not url or url.startswith("/") and not url.startswith("//"):
        return False
    site = (site_url or "").rstrip("/") + "/"
    return not (site != "/" and url.startswith(site))


@tk.chained_helper
def user_image(next_helper: Callable, user_id: str, size: int = 100) -> Any:
    # the user row only (by id or name, usually already in the session: the
    # header's own user), not a second user_show on every page: CKAN's helper
    # does that one when the picture is not foreign
    user = model.User.get(user_id) if user_id else None
    if user is None or not _foreign_picture(user.image_url or ""):
        return next_helper(user_id, size)
    return tk.h.snippet("user/snippets/placeholder.html", size=size,
                        user_name=user.display_name or user.name or "")


def _foreign_picture(image_url: str) -> bool:
    """CKAN shows an ``image_url`` with a scheme as it is and anything else as an
    upload under the site (``user_dictize``): only the former can be foreign."""
    url = image_url.strip()
    if not (url.startswith(("http://", "https://", "//"))):
        return False
    return is_foreign(url, tk.config.get("ckan.site_url", ""))
