"""Harvest sources (ckanext-harvest's) and the connector config they carry.

A source's ``config`` is the connector's YAML (or JSON) mapping config
(see config/harvest/README.md); what it leaves out comes from the source
itself: ``name``, ``type`` (from the source type, ``govopen_datajson`` ...), ``url``
(the source's URL, unless the config has ``url`` or ``path``) and
``department`` (the source's organization). A YAML file can create or update
its source: ``ckan govopen harvest run config/harvest/x.yaml``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import ckan.plugins.toolkit as tk
import yaml

from govopen_harvesters import config as config_mod

#: harvest source type -> connector type
SOURCE_TYPES = {"govopen_ckan": "ckan_api", "govopen_dcat": "dcat_rdf", "govopen_datajson": "datajson",
                "govopen_sql": "sql", "govopen_files": "files", "govopen_portal_listing": "portal_listing"}


def type_name(connector: str) -> str:
    return next(k for k, v in SOURCE_TYPES.items() if v == connector)


class SourceError(Exception):
    """A source that cannot be used; ``message`` has zh and en."""

    def __init__(self, zh, en):
        self.message = {"zh": zh, "en": en}
        super().__init__(en)


def parse(text) -> dict:
    """The mapping config of a source's ``config`` field (YAML or JSON; empty: {})."""
    if not text or not str(text).strip():
        return {}
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise config_mod.ConfigError("config", "YAML/JSON 无法解析：%s" % e, "YAML/JSON does not parse: %s" % e)
    if not isinstance(raw, dict):
        raise config_mod.ConfigError("config", "顶层必须是键值映射", "the top level must be a mapping")
    return raw


def effective(source: dict) -> dict:
    """The connector config of a harvest source dict (as harvest_source_show returns it)."""
    raw = parse(source.get("config"))
    kind = source.get("source_type") or ""
    if kind not in SOURCE_TYPES:
        raise SourceError("采集源类型 %s 不是 govopen 类型（%s）" % (kind, ", ".join(SOURCE_TYPES)),
                          "source type %s is not a govopen type (%s)" % (kind, ", ".join(SOURCE_TYPES)))
    raw["type"] = SOURCE_TYPES[kind]
    raw.setdefault("name", source["name"])
    if not raw.get("url") and not raw.get("path"):
        url = source.get("url") or ""
        if url.startswith("file://"):
            raw["path"] = url[len("file://"):]
        else:
            raw["url"] = url
    if not raw.get("department") and source.get("owner_org"):
        org = tk.get_action("organization_show")({"ignore_auth": True}, {"id": source["owner_org"],
                                                                           "include_datasets": False})
        raw["department"] = org["name"]
    base_dir = raw.pop("base_dir", None)
    return config_mod.load(raw, base_dir=base_dir)


def of_harvest_source(harvest_source) -> dict:
    """The source dict ``effective`` needs, from ckanext-harvest's ``HarvestSource`` row
    (the queue stages have it; package_show of a source may come from the search cache)."""
    import ckan.model as ckan_model

    pkg = ckan_model.Package.get(harvest_source.id)
    return {"id": harvest_source.id, "name": pkg.name if pkg else harvest_source.id,
            "source_type": harvest_source.type, "url": harvest_source.url,
            "config": harvest_source.config, "owner_org": pkg.owner_org if pkg else None}


def show(context, name_or_id) -> dict:
    try:
        return tk.get_action("harvest_source_show")(dict(context), {"id": name_or_id})
    except tk.ObjectNotFound:
        raise SourceError("找不到采集源 %s" % name_or_id, "no harvest source %s" % name_or_id)


def from_file(context, path, dry_run=False) -> dict:
    """Create or update the harvest source a YAML config file describes; returns its dict.

    In a dry run nothing is written: the source as it would be (not stored)."""
    p = Path(path).resolve()
    cfg = config_mod.load(p)                      # checks the file, reports bad keys in zh/en
    with open(p, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    raw.pop("name", None)
    raw.pop("type", None)
    raw["base_dir"] = str(p.parent)
    if raw.get("path") and not os.path.isabs(str(raw["path"])) and "${" not in str(raw["path"]):
        raw["path"] = str((p.parent / raw["path"]).resolve())
    url = raw.get("url") or "file://" + str(cfg.get("path") or p)
    data = {"name": cfg["name"], "title": raw.get("title") or cfg["name"], "url": url,
            "source_type": type_name(cfg["type"]), "frequency": raw.pop("frequency", "MANUAL"),
            "config": json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str)}
    if cfg.get("department"):
        data["owner_org"] = cfg["department"]
    try:
        existing = tk.get_action("harvest_source_show")(dict(context), {"id": cfg["name"]})
    except tk.ObjectNotFound:
        existing = None
    if dry_run:
        return dict(existing or {}, **data, id=(existing or {}).get("id") or "(new)")
    if existing is None:
        return tk.get_action("harvest_source_create")(dict(context), data)
    if all(existing.get(k) == v for k, v in data.items() if k not in ("owner_org",)):
        return existing
    return tk.get_action("harvest_source_update")(dict(context), dict(existing, **data))
