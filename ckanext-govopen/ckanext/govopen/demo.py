"""Demo content: departments and datasets a new user sees after `make up`.

Loaded through the Action API (so every validator and gate applies to it as
to any other write), and idempotent: existing items are updated in place and
a resource whose file is unchanged is left alone.
"""
from __future__ import annotations

import hashlib
import io
import mimetypes
import os

import click
import yaml

import ckan.plugins.toolkit as tk


def _read(folder, name):
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return yaml.safe_load(f) or []


def _upsert(kind, data_dict, context):
    """Create `kind` (organization/package) or update it when it exists."""
    try:
        existing = tk.get_action(f"{kind}_show")(dict(context), {"id": data_dict["name"]})
    except tk.ObjectNotFound:
        return "created", tk.get_action(f"{kind}_create")(dict(context), data_dict)
    data_dict = dict(data_dict, id=existing["id"])
    if kind == "package":
        # package_update without `resources` keeps the dataset's resources.
        data_dict.pop("resources", None)
    return "updated", tk.get_action(f"{kind}_update")(dict(context), data_dict)


def _upload(folder, path):
    """An upload CKAN's resource actions accept, and the file's sha256."""
    from werkzeug.datastructures import FileStorage

    with open(os.path.join(folder, path), "rb") as f:
        data = f.read()
    name = os.path.basename(path)
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileStorage(io.BytesIO(data), filename=name, content_type=kind), \
        hashlib.sha256(data).hexdigest()


def _sync_resources(dataset, resources, folder, context):
    """Create or replace each resource (matched by name); uploads go through
    resource_create/resource_update, the only actions that store files."""
    existing = {r["name"]: r for r in dataset.get("resources", [])}
    for res in resources:
        res = dict(res, package_id=dataset["id"])
        path = res.pop("file", None)
        digest = None
        if path:
            res["upload"], digest = _upload(folder, path)
            res["url"] = os.path.basename(path)
            res["demo_sha256"] = digest
        current = existing.get(res["name"])
        if current is None:
            tk.get_action("resource_create")(dict(context), res)
        elif digest is None or current.get("demo_sha256") != digest:
            tk.get_action("resource_update")(dict(context), dict(res, id=current["id"]))


def load(folder, echo=print):
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    orgs = _read(folder, "organizations.yaml")
    datasets = _read(folder, "datasets.yaml")
    for org in orgs:
        _upsert("organization", org, context)
    counts = {"organizations": len(orgs), "created": 0, "updated": 0}
    with click.progressbar(datasets, label="demo datasets") as bar:
        for ds in bar:
            resources = ds.get("resources", [])
            outcome, saved = _upsert("package", dict(ds, resources=[]) if "resources" in ds else ds, context)
            saved = tk.get_action("package_show")(dict(context), {"id": saved["id"]})
            _sync_resources(saved, resources, folder, context)
            counts[outcome] += 1
    return counts
