"""Harvest sources (ckanext-harvest's) and the connector config they carry.

A source's ``config`` is the connector's YAML (or JSON) mapping config
(see config/harvest/README.md); what it leaves out comes from the source
itself: ``name``, ``type`` (from the source type, ``govopen_datajson`` ...), ``url``
(the source's URL, unless the config has ``url`` or ``root``/``path``) and
``department`` (the source's organization). A YAML file can create or update
its source: ``ckan govopen harvest run config/harvest/x.yaml``.

The stored source holds names only: a file-share root's name and a path
inside it (``share://<root>/<path>``), a secret's name. ``effective`` resolves
them against the server's roots and secrets (``server``) each time, so the
same check refuses a source when it is saved (``check``) and when it runs.
"""
from __future__ import annotations

import json
from pathlib import Path

import ckan.plugins.toolkit as tk
import yaml

from govopen_harvesters import config as config_mod
from govopen_harvesters import places, registry

from ckanext.govopen.messages import both, joined

from . import messages as hmessages
from . import server


def type_name(connector: str) -> str:
    """The harvest source type (``govopen_datajson``) of a connector's kind (``datajson``)."""
    return registry.get(connector).name


def is_govopen(source_type) -> bool:
    return source_type in registry.names()


class SourceError(Exception):
    """A source that cannot be used: a declared message (``harvest.messages``);
    ``message`` has it in zh and en, like the connectors' ``ConfigError``."""

    def __init__(self, message: dict):
        self.message = both(message)
        super().__init__(self.message["en"])


def busy(name) -> SourceError:
    """Another job holds the source (``jobrun.source_lock``)."""
    return SourceError(hmessages.SOURCE_BUSY(name=name))


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
    if not is_govopen(kind):
        names = ", ".join(registry.names())
        raise SourceError(hmessages.NOT_GOVOPEN_TYPE(kind=kind, names=names))
    source_type = registry.by_name(kind)
    raw["type"] = source_type.kind
    raw.setdefault("name", source.get("name") or "source")
    if not raw.get("url") and source_type.origin.url_from_source(raw):
        raw["url"] = source.get("url") or ""
    if source.get("owner_org"):           # the source's own department, whatever the config says
        import ckan.model as ckan_model   # the row, not organization_show (that also asks Solr)
        org = ckan_model.Group.get(source["owner_org"])
        if org is None or not org.is_organization:
            raise tk.ObjectNotFound(joined(hmessages.NO_DEPARTMENT()))
        raw["department"] = org.name
    return config_mod.load(raw, roots=server.roots(), secrets=server.secrets())


def check(source: dict) -> None:
    """Refuse (``ValidationError``, zh and en) a govopen source that names a server path,
    carries a credential, or names a root or secret not there for its department."""
    if not is_govopen(source.get("source_type")):
        return
    try:
        effective(source)
    except (config_mod.ConfigError, SourceError) as e:
        field = "config" if parse_or_empty(source.get("config")) else "url"
        raise tk.ValidationError({field: [joined(e.message)]})
    except tk.ObjectNotFound:
        raise tk.ValidationError({"owner_org": [joined(hmessages.NO_DEPARTMENT())]})


def parse_or_empty(text) -> dict:
    try:
        return parse(text)
    except config_mod.ConfigError:
        return {"config": True}


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
        raise SourceError(hmessages.NO_SOURCE(name=name_or_id))


def from_file(context, path, dry_run=False) -> dict:
    """Create or update the harvest source a YAML config file describes; returns its dict.

    The file names a file-share root and a path inside it, never a server
    path (a SQLite database too: ``root:`` + ``url: sqlite:///file.db``).
    In a dry run nothing is written: the source as it would be (not stored)."""
    p = Path(path).resolve()
    with open(p, encoding="utf-8") as f:
        try:
            raw = yaml.safe_load(f)
        except yaml.YAMLError as e:
            raise config_mod.ConfigError(str(p), "YAML 无法解析：%s" % e, "YAML does not parse: %s" % e)
    if not isinstance(raw, dict):
        raise config_mod.ConfigError(str(p), "顶层必须是键值映射", "the top level must be a mapping")
    cfg = config_mod.load(raw, roots=server.roots(), secrets=server.secrets())   # zh/en on a bad key
    raw.pop("name", None)
    raw.pop("type", None)
    if raw.get("url"):
        url = raw["url"]
    else:
        url = places.to_url(raw.get("root") or "", raw.get("path") or "")
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
    # harvest_source_show's dict carries the source's settings twice, as fields and
    # as extras, and package_update refuses both ("a schema field with the same
    # name"): the file's fields are the settings, the extras are dropped
    kept = {k: v for k, v in existing.items() if k != "extras"}
    tk.get_action("harvest_source_update")(dict(context), dict(kept, **data))
    # its answer is package_update's dict (the settings as extras): the source as shown
    return tk.get_action("harvest_source_show")(dict(context), {"id": existing["id"]})
