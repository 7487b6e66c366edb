"""The counts a reader sees, and the one the search document carries.

Only a dataset that is public and unconditionally open by the one verdict
(``verdict.read``, never recomputed here) has counts; for every other one the
answer is None (the page shows nothing), it is absent from the rankings, and
its search document says 0.
"""
from __future__ import annotations

import json
from typing import Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.govopen.verdict import read as verdict_read

from . import count, flush
from .model import uses

INDEX_FIELD = "govopen_uses"
RANKED = 6


def countable_dict(dataset: dict) -> bool:
    return bool(dataset.get("id")) and not dataset.get("private") \
        and (dataset.get("state") or "active") == "active" \
        and (dataset.get("type") or "dataset") == "dataset" \
        and verdict_read.open_type(dataset) == "unconditional"


def _stored(package_ids) -> dict:
    if not package_ids:
        return {}
    found = model.Session.execute(sa.select(uses.c.package_id, uses.c.downloads, uses.c.api_calls)
                                  .where(uses.c.package_id.in_(list(package_ids)))).all()
    return {pid: {"downloads": int(d), "api_calls": int(a)} for pid, d, a in found}


def govopen_dataset_uses(dataset: dict) -> Optional[dict]:
    """``{"downloads", "api_calls"}`` of a dataset the reader sees (stored plus not
    flushed yet), or None for a dataset that may not be counted."""
    if not isinstance(dataset, dict) or not countable_dict(dataset):
        return None
    out = _stored([dataset["id"]]).get(dataset["id"]) or {"downloads": 0, "api_calls": 0}
    rids = [r["id"] for r in dataset.get("resources") or [] if r.get("id")]
    if rids:
        fields = [f"{kind}:{rid}" for rid in rids for kind in (count.DOWNLOAD, count.API_CALL)]
        values = connect_to_redis().hmget(count.pending_key(), fields)
        for field, value in zip(fields, values):
            if value:
                name = flush.KINDS[field.split(":", 1)[0]]
                out[name] += int(value)
    return out


def govopen_most_used(limit: int = RANKED) -> list:
    """The most used datasets an anonymous visitor finds, most first:
    ``[{name, title, title_en, downloads, api_calls, total}]``."""
    flush.flush_if_due()
    total = (uses.c.downloads + uses.c.api_calls).label("total")
    found = model.Session.execute(
        sa.select(uses.c.package_id, uses.c.downloads, uses.c.api_calls, total)
        .where(total > 0).order_by(total.desc(), uses.c.package_id).limit(limit * 5)).all()
    if not found:
        return []
    visible = tk.get_action("package_search")({"user": "", "ignore_auth": False}, {
        "fq": "id:(%s)" % " OR ".join('"%s"' % r[0] for r in found),
        "rows": len(found), "include_private": False, "include_drafts": False})["results"]
    shown = {d["id"]: d for d in visible if countable_dict(d)}
    out = []
    for package_id, downloads, api_calls, n in found:
        d = shown.get(package_id)
        if d is not None:
            out.append({"name": d["name"], "title": d.get("title") or d["name"],
                        "title_en": d.get("title_en") or "", "downloads": int(downloads),
                        "api_calls": int(api_calls), "total": int(n)})
    return out[:limit]


def index_fields(pkg_dict) -> dict:
    """Index hook: the stored total as ``govopen_uses`` (0 for a dataset not countable)."""
    try:
        dataset = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except ValueError:
        dataset = {}
    if not dataset.get("id"):
        dataset = dict(pkg_dict)
    if not countable_dict(dataset):
        return {INDEX_FIELD: 0}
    n = _stored([dataset["id"]]).get(dataset["id"])
    return {INDEX_FIELD: (n["downloads"] + n["api_calls"]) if n else 0}
