"""What every participation action needs: who is acting (a user, or an
anonymous visitor known only by a keyed hash of their address), clean text
within length limits, a per-source rate limit, and who may moderate.
"""
from __future__ import annotations

import datetime
import hashlib
import hmac
import re

import sqlalchemy as sa

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.access import grants
from ckanext.govopen.messages import joined

from . import messages
from . import model as m

#: Control characters other than tab and newline never make it into a text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def invalid(field, msg_id, **params):
    raise tk.ValidationError({field: [joined(messages.message(msg_id, **params))]})


def acting_user(context):
    """The logged-in user object, or None for an anonymous visitor."""
    return grants.acting_user(context)


def client_address(context) -> str:
    """The visitor's address: one an internal caller names, else the web
    request's. Behind a reverse proxy on a loopback or private address (the
    deployment's nginx) the address the proxy appended to X-Forwarded-For is
    the visitor's; a directly connected client cannot move it that way."""
    if context.get("govopen_client_address"):
        return str(context["govopen_client_address"])
    from flask import has_request_context, request
    if not has_request_context():
        return "local"
    remote = request.remote_addr or "unknown"
    forwarded = request.headers.get("X-Forwarded-For", "")
    trusted = tk.asbool(tk.config.get("govopen.participation.trust_forwarded_for"))
    if forwarded and trusted and _is_internal(remote):
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return remote


def _is_internal(address) -> bool:
    import ipaddress
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private


def _secret() -> bytes:
    return str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or "govopen").encode()


def source_key(context) -> str:
    """``user:<id>``, or ``anon:<keyed hash>`` (the address itself is never stored)."""
    user = acting_user(context)
    if user is not None:
        return "user:" + user.id
    digest = hmac.new(_secret(), client_address(context).encode(), hashlib.sha256).hexdigest()
    return "anon:" + digest[:32]


def clean_text(data_dict, field, min_len, max_len, required=True) -> str:
    """The field as text: stripped, control characters removed, length checked."""
    raw = data_dict.get(field)
    value = _CONTROL.sub("", str(raw if raw is not None else "")).strip()
    if not value and not required:
        return ""
    if not min_len <= len(value) <= max_len:
        label = messages.FIELD_LABELS[field]() if field in messages.FIELD_LABELS else field
        raise tk.ValidationError({field: [joined(messages.message("length", field=label, min=min_len, max=max_len,
                                                                  got=len(value)))]})
    return value


def posts_per_hour() -> int:
    return int(tk.config.get("govopen.participation.posts_per_hour") or 0)


def check_rate(context, key: str) -> None:
    """At most N feedback items and data requests per source an hour (sysadmins exempt)."""
    limit = posts_per_hour()
    user = acting_user(context)
    if limit <= 0 or (user is not None and user.sysadmin):
        return
    since = m.now() - datetime.timedelta(hours=1)
    count = 0
    for table in (m.feedback, m.data_request):
        count += model.Session.execute(
            sa.select(sa.func.count()).select_from(table).where(
                table.c.source_key == key, table.c.created >= since)).scalar() or 0
    if count >= limit:
        invalid("rate_limit", "too_many", max=limit)


def public_dataset(context, id_or_name) -> dict:
    """The dataset, if the caller may see it and it is public (participation is
    for the public catalog only); NotFound/NotAuthorized/ValidationError otherwise."""
    tk.check_access("package_show", dict(context), {"id": id_or_name})
    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": id_or_name})
    if dataset.get("private"):
        invalid("package_id", "not_public", dataset=dataset.get("title") or dataset["name"])
    return dataset


def may_see_dataset(context, data_dict):
    """Auth result: may the caller see dataset ``package_id`` (ratings and feedback ask this)."""
    package_id = data_dict.get("package_id")
    if not package_id or model.Package.get(package_id) is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    try:
        tk.check_access("package_show", dict(context), {"id": package_id})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this dataset.")}
    return {"success": True}


def may_moderate_org(context, org_id) -> bool:
    """Is the caller a sysadmin, or an editor/admin of department ``org_id``?"""
    user = acting_user(context)
    if user is None:
        return False
    if user.sysadmin:
        return True
    return bool(org_id) and authz.has_user_permission_for_group_or_org(org_id, user.name, "update_dataset")


def officer_org_ids(context) -> set:
    """The departments where the caller is an editor or admin (every one for a sysadmin: None)."""
    user = acting_user(context)
    if user is None:
        return set()
    if user.sysadmin:
        return None
    orgs = tk.get_action("organization_list_for_user")(
        {"user": user.name, "ignore_auth": True}, {"id": user.id, "permission": "update_dataset"})
    return {o["id"] for o in orgs}


def user_name(user_id):
    user = model.User.get(user_id) if user_id else None
    return user.display_name if user else None
