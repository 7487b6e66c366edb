"""Where a restricted file's location is kept, and the stand-ins CKAN's rows hold.

The table (``govopen_resource_location``), the route and upload-name
stand-ins and their tags, and ``real_url``: what the content pipeline needs
to find a file, with nothing of who may have it (that is ``access.locations``
and ``access.grants``), so the pipeline does not depend on the access rules.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from urllib.parse import urlparse

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen import rows

metadata = sa.MetaData()

location = sa.Table(
    "govopen_resource_location", metadata,
    sa.Column("resource_id", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("locations", sa.UnicodeText, nullable=False),   # JSON {field: value}
    sa.Column("updated", sa.DateTime, nullable=False),
)

_ROUTE_RE = re.compile(
    r"/dataset/[^/]+/resource/(?P<rid>[0-9a-f-]{36})/file/(?P<tag>[0-9a-f]{16})(\.[A-Za-z0-9]{1,8})?$")


def _extension(url: str) -> str:
    """The file extension of a location (``.csv``), kept on the route so the
    format is still known from the name; nothing else of the location is."""
    ext = os.path.splitext(urlparse(url).path)[1]
    return ext.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", ext or "") else ""


def _tag(url: str) -> str:
    secret = str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or "")
    return hmac.new(secret.encode("utf-8"), url.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def route(package_id: str, resource_id: str, url: str) -> str:
    """The guarded route that stands in CKAN's row for a restricted file at ``url``."""
    site = str(tk.config.get("ckan.site_url") or "").rstrip("/")
    return f"{site}/dataset/{package_id}/resource/{resource_id}/file/{_tag(url)}{_extension(url)}"


def link_key(resource: dict) -> str:
    """A key of a linked resource's real location that stays the same when the
    location moves into this table (the route carries it): stored content
    results name it, so they still describe the content after the move."""
    url = str(resource.get("url") or "").strip()
    found = _ROUTE_RE.search(url)
    if found and found.group("rid") == resource.get("id"):
        return found.group("tag")
    return _tag(url)


_UPLOAD_RE = re.compile(r"(?P<tag>[0-9a-f]{16})(\.[A-Za-z0-9]{1,8})?$")


def _upload_name(url: str) -> str:
    return str(url or "").strip().rstrip("/").rsplit("/", 1)[-1]


def upload_key(resource: dict) -> str:
    """The same for an upload's name: stable when the name moves into this table."""
    name = _upload_name(resource.get("url"))
    found = _UPLOAD_RE.fullmatch(name)
    if found and resource.get("id") and is_stand_in(resource):
        return found.group("tag")
    return _tag(name)


def stand_in(name: str) -> str:
    """What CKAN's row keeps of a restricted upload's file name."""
    return _tag(name) + _extension(name)


def is_stand_in(resource: dict) -> bool:
    """Is this upload's name a stand-in (no query: the pattern, checked on restore)?"""
    return resource.get("url_type") == "upload" and \
        bool(_UPLOAD_RE.fullmatch(_upload_name(resource.get("url"))))


def is_route(url, resource_id=None) -> bool:
    found = _ROUTE_RE.search(str(url or "").strip())
    return bool(found) and (resource_id is None or found.group("rid") == resource_id)


def stored(resource_ids) -> dict:
    """``{resource_id: {field: location}}`` of the given resources."""
    ids = [r for r in resource_ids if r]
    if not ids:
        return {}
    rows_ = model.Session.execute(sa.select(location.c.resource_id, location.c.locations).where(
        location.c.resource_id.in_(ids)))
    return {rid: json.loads(text) for rid, text in rows_}


def _save(resource_id, package_id, found: dict):
    text = json.dumps(found, ensure_ascii=False, sort_keys=True)
    stmt = insert(location).values(resource_id=resource_id, package_id=package_id, locations=text,
                                   updated=rows.now())
    model.Session.execute(stmt.on_conflict_do_update(
        index_elements=[location.c.resource_id], set_={"locations": text, "updated": rows.now()}))


def real_url(resource: dict) -> str:
    """Where a resource's content really is (for the content jobs; never shown)."""
    url = str(resource.get("url") or "").strip()
    if resource.get("url_type") == "upload":
        return url
    if not is_route(url, resource.get("id")):
        return url
    return (stored([resource["id"]]).get(resource["id"]) or {}).get("url", "")
