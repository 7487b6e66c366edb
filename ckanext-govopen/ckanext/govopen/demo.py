"""Demo content: departments and datasets a new user sees after `make up`.

Loaded through the Action API (so every validator and gate applies to it as
to any other write), and idempotent: existing items are updated in place and
a resource whose file is unchanged is left alone.

Like a department would, each dataset is created private, its files are
uploaded and checked (the content jobs run in this process), and only then
is it made public with package_patch, which the publication gate allows
when the checks passed. Then the demo harvest sources run
(``demo_harvest``), so a new user sees harvesting at work too.
"""
from __future__ import annotations

import hashlib
import io
import mimetypes
import os

import contextlib

import click
import yaml

import ckan.plugins.toolkit as tk


def _read(folder, name):
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return yaml.safe_load(f) or []


def _upsert(kind, data_dict, context):
    """Create `kind` (organization/package) or update it when it exists.

    A dataset is written private (created so, or taken down while it is
    updated); ``load`` publishes it again once its files are in and checked."""
    try:
        existing = tk.get_action(f"{kind}_show")(dict(context), {"id": data_dict["name"]})
    except tk.ObjectNotFound:
        if kind == "package":
            data_dict = dict(data_dict, private=True)
        return "created", tk.get_action(f"{kind}_create")(dict(context), data_dict)
    data_dict = dict(data_dict, id=existing["id"])
    if kind == "package":
        # package_update without `resources` keeps the dataset's resources.
        data_dict.pop("resources", None)
        data_dict["private"] = True
    return "updated", tk.get_action(f"{kind}_update")(dict(context), data_dict)


def _wants_public(ds) -> bool:
    private = ds.get("private", False)
    if isinstance(private, str):
        private = private.strip().lower() in ("true", "1", "yes", "on")
    return not private


@contextlib.contextmanager
def _inline_jobs():
    """Run the content jobs (scan, validation) here, so publishing can follow."""
    key = "govopen.jobs.inline"
    before = tk.config.get(key)
    tk.config[key] = True
    try:
        yield
    finally:
        tk.config[key] = before


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
        changes = current is None or digest is None or current.get("demo_sha256") != digest
        if changes and not dataset.get("private"):
            # New content goes in while the dataset is private, as anyone's would.
            dataset = tk.get_action("package_patch")(dict(context), {"id": dataset["id"], "private": True})
        if current is None:
            tk.get_action("resource_create")(dict(context), res)
        elif changes:
            tk.get_action("resource_update")(dict(context), dict(res, id=current["id"]))
    return dataset


def load(folder, echo=print):
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    orgs = _read(folder, "organizations.yaml")
    datasets = _read(folder, "datasets.yaml")
    for org in orgs:
        _upsert("organization", org, context)
    counts = {"organizations": len(orgs), "created": 0, "updated": 0}
    with click.progressbar(datasets, label="demo datasets") as bar, _inline_jobs():
        for ds in bar:
            resources = ds.get("resources", [])
            outcome, saved = _upsert("package", dict(ds, resources=[]) if "resources" in ds else ds, context)
            saved = tk.get_action("package_show")(dict(context), {"id": saved["id"]})
            saved = _sync_resources(saved, resources, folder, context)
            # Files stored before a check existed get it now (results are
            # kept by content hash, so checked files cost nothing).
            from ckanext.govopen import events
            for res in tk.get_action("package_show")(dict(context), {"id": saved["id"]})["resources"]:
                events.resource_changed(res["id"])
            if _wants_public(ds) and saved.get("private"):
                tk.get_action("package_patch")(dict(context), {"id": saved["id"], "private": False})
            counts[outcome] += 1
        # Then the demo departments' own systems, through harvest jobs.
        from ckanext.govopen import demo_harvest
        counts["harvests"] = demo_harvest.run_sources(folder, echo=echo)
    return counts
