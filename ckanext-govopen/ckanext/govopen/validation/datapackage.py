"""A Frictionless Data Package (``datapackage.json``) for a dataset.

Built from ``package_show`` as the caller sees it (so private datasets stay
private and restricted file locations stay hidden: the show hooks apply),
with each table's Table Schema: the declared one, else the one inferred and
stored by its validation report (marked ``inferred``).
"""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk

import ckan.model as ckan_model

from ckanext.govopen.access import grants

from . import model
from .formats import resource_format

_NAME = re.compile(r"[^a-z0-9._-]+")


def _name(text: str, fallback: str) -> str:
    """A Data Package name (lower case ASCII, ``.-_``); fallback when nothing is left."""
    name = _NAME.sub("-", (text or "").lower()).strip("-.")
    return name or fallback


def build(dataset: dict, with_content: bool = True) -> dict:
    """The descriptor; ``with_content`` false leaves out what comes from the
    files themselves (their hashes) for callers without access to them."""
    package = {"name": _name(dataset.get("name"), dataset.get("id")), "id": dataset.get("id"),
               "title": dataset.get("title") or "", "description": dataset.get("notes") or "",
               "version": dataset.get("version") or None, "resources": []}
    if dataset.get("license_id"):
        package["licenses"] = [{"name": dataset["license_id"],
                                **({"title": dataset["license_title"]} if dataset.get("license_title") else {}),
                                **({"path": dataset["license_url"]} if dataset.get("license_url") else {})}]
    used = set()
    for index, res in enumerate(dataset.get("resources") or [], start=1):
        name = _name(res.get("name"), f"resource-{index}")
        while name in used:
            name = f"{name}-{index}"
        used.add(name)
        item = {"name": name, "title": res.get("name") or "", "path": res.get("url") or "",
                "format": (res.get("format") or "").lower() or None}
        if res.get("mimetype"):
            item["mediatype"] = res["mimetype"]
        fmt = resource_format(res)
        if fmt:
            item["profile"] = "tabular-data-resource"
            # The state package_show computed (before any location was hidden).
            state = res.get("validation_status") or "pending"
            row = model.latest(ckan_model.Session, res["id"]) if res.get("id") else None
            report = (row or {}).get("report") or {} if state != "pending" else {}
            if report.get("schema"):
                item["schema"] = report["schema"]
            if report.get("encoding"):
                item["encoding"] = report["encoding"]
            if report.get("sha256") and with_content:
                item["hash"] = f"sha256:{report['sha256']}"
            item["govopen:validation"] = {"status": state,
                                          "schemaSource": report.get("schema_source"),
                                          "sampled": report.get("sampled", False)}
        if not item["path"]:
            item.pop("path")
        package["resources"].append({k: v for k, v in item.items() if v is not None})
    return {k: v for k, v in package.items() if v not in (None, "")}


def datapackage(context, data_dict):
    """The dataset as a Frictionless Data Package.

    :param id: the dataset's id or name
    :returns: a ``datapackage.json`` descriptor
    """
    tk.check_access("govopen_datapackage", context, data_dict)
    dataset = tk.get_action("package_show")(context, {"id": tk.get_or_bust(data_dict, "id")})
    return build(dataset, with_content=grants.has_file_access(context, dataset))


@tk.auth_allow_anonymous_access
def datapackage_auth(context, data_dict):
    """Whoever may see the dataset (anonymous users: public datasets only)."""
    try:
        tk.check_access("package_show", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this dataset.")}
    return {"success": True}


def get_blueprint():
    """``/dataset/<id>/datapackage.json``."""
    import json

    from flask import Blueprint, Response

    bp = Blueprint("govopen_datapackage", __name__)

    def view(id):
        context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
        try:
            body = tk.get_action("govopen_datapackage")(context, {"id": id})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            return tk.abort(404, tk._("Dataset not found"))
        return Response(json.dumps(body, ensure_ascii=False, indent=2),
                        content_type="application/json; charset=utf-8")

    bp.add_url_rule("/dataset/<id>/datapackage.json", view_func=view, endpoint="datapackage")
    return bp
