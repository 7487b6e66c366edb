"""Demo content: departments and datasets a new user sees after `make up`.

Loaded through the Action API (so every validator and gate applies to it as
to any other write), and idempotent: existing items are updated in place.
"""
from __future__ import annotations

import io
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
        tk.get_action(f"{kind}_create")(dict(context), data_dict)
        return "created"
    data_dict = dict(data_dict, id=existing["id"])
    tk.get_action(f"{kind}_update")(dict(context), data_dict)
    return "updated"


def _with_uploads(dataset, folder):
    """Turn `file:` entries of resources into uploads of files in `folder`."""
    from werkzeug.datastructures import FileStorage

    resources = []
    for res in dataset.get("resources", []):
        res = dict(res)
        path = res.pop("file", None)
        if path:
            with open(os.path.join(folder, path), "rb") as f:
                data = f.read()
            name = os.path.basename(path)
            res["upload"] = FileStorage(io.BytesIO(data), filename=name,
                                        content_type="text/csv")
            res["url"] = name
        resources.append(res)
    return dict(dataset, resources=resources)


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
            counts[_upsert("package", _with_uploads(ds, folder), context)] += 1
    return counts
