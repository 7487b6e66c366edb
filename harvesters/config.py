"""A harvest source's YAML config, merged over the connector's built-in mapping.

A data officer writes one small file per source (see config/harvest/*.yaml)::

    name: cdc-datajson            # the source's name, unique in the catalog
    type: datajson                # ckan_api | dcat_rdf | datajson | sql | files | portal_listing
    url: https://data.cdc.gov/data.json    # or `path:` for a local file/folder
    department: cdc               # the owning department (CKAN organization)
    resource_code_prefix: CDC
    defaults:   {language: en}    # standard fields the source does not carry
    fields:     {...}             # override single fields of the built-in mapping
    value_maps: {...}             # extra source word -> code tables
    classification: {...}         # overrides of the conservative default below

What each connector maps by default is YAML too
(``govopen_harvesters/mappings/<type>.yaml``); a source's ``fields`` replace
single entries of it. ``${VAR}`` / ``${VAR:-default}`` in strings are taken
from the environment (database passwords stay out of the file); a relative
``path`` is relative to the config file.
"""
import copy
import os
import re
from pathlib import Path

import yaml

TYPES = ("ckan_api", "dcat_rdf", "datajson", "sql", "files", "portal_listing")

#: Harvested data lands private and not open until policy and review say
#: otherwise. A source config may change single values, never drop the block.
DEFAULT_CLASSIFICATION = {
    "open_type": "none",
    "share_type": "none",
    "security_level": "general",
    "personal_info": "none",
    "commercial_secret": False,
    "classified": False,
    "legal_basis": "采集自部门系统，开放属性待数据管理机构审核确定。"
                   " / Harvested from a departmental system; the open type awaits review by the data management office.",
}

DEFAULT_HTTP = {"timeout": 30.0, "retries": 2, "backoff": 1.0,
                "max_bytes": 256 * 1024 * 1024, "page_size": 100}
DEFAULT_LIMITS = {"max_field_chars": 100_000}

MAPPINGS = Path(__file__).resolve().parent / "mappings"


class ConfigError(ValueError):
    """A config that cannot be used; ``message`` has zh and en."""

    def __init__(self, where, zh, en):
        self.where = where
        self.message = {"zh": "配置 %s：%s" % (where, zh), "en": "config %s: %s" % (where, en)}
        super().__init__(self.message["en"])


_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def _expand(value, where):
    if isinstance(value, str):
        def sub(m):
            if m.group(1) in os.environ:
                return os.environ[m.group(1)]
            if m.group(2) is not None:
                return m.group(2)
            raise ConfigError(where, "环境变量 %s 未设置" % m.group(1),
                              "environment variable %s is not set" % m.group(1))
        return _ENV.sub(sub, value)
    if isinstance(value, dict):
        return {k: _expand(v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, where) for v in value]
    return value


def builtin_mapping(kind):
    """The connector's own field mapping (``mappings/<type>.yaml``), or an empty one."""
    p = MAPPINGS / ("%s.yaml" % kind)
    if not p.is_file():
        return {}
    with open(p, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def load(path_or_dict, base_dir=None, **overrides):
    """The effective config: the file (or dict), ``overrides`` on top, defaults filled in."""
    if isinstance(path_or_dict, (str, Path)):
        p = Path(path_or_dict)
        where = str(p)
        try:
            with open(p, encoding="utf-8") as f:
                raw = yaml.safe_load(f)
        except FileNotFoundError:
            raise ConfigError(where, "文件不存在", "file not found")
        except yaml.YAMLError as e:
            raise ConfigError(where, "YAML 无法解析：%s" % e, "YAML does not parse: %s" % e)
        base_dir = base_dir or p.resolve().parent
    else:
        raw = copy.deepcopy(path_or_dict)
        where = str((raw or {}).get("name") or "<dict>")
    if not isinstance(raw, dict):
        raise ConfigError(where, "顶层必须是键值映射", "the top level must be a mapping")
    raw.update({k: v for k, v in overrides.items() if v is not None})
    cfg = _expand(raw, where)
    return _complete(cfg, where, base_dir)


def _complete(cfg, where, base_dir):
    for key in ("name", "type"):
        if not cfg.get(key):
            raise ConfigError(where, "缺少必填项 %s" % key, "missing required key %s" % key)
    if cfg["type"] not in TYPES:
        raise ConfigError(where, "未知的数据源类型 %r，可选：%s" % (cfg["type"], ", ".join(TYPES)),
                          "unknown source type %r; one of %s" % (cfg["type"], ", ".join(TYPES)))
    if cfg["type"] != "sql" and not (cfg.get("url") or cfg.get("path")):
        raise ConfigError(where, "须填写 url 或 path", "either url or path is required")
    if cfg["type"] == "sql" and not cfg.get("url"):
        raise ConfigError(where, "须填写数据库地址 url（SQLAlchemy URL）",
                          "url (an SQLAlchemy URL) is required")
    if cfg.get("path") and base_dir is not None and not os.path.isabs(cfg["path"]):
        cfg["path"] = str((Path(base_dir) / cfg["path"]).resolve())
    cfg["base_dir"] = str(base_dir) if base_dir else os.getcwd()

    builtin = builtin_mapping(cfg["type"])
    fields = dict(builtin.get("fields") or {})
    fields.update(cfg.get("fields") or {})
    cfg["fields"] = fields
    maps = dict(builtin.get("value_maps") or {})
    maps.update(cfg.get("value_maps") or {})
    cfg["value_maps"] = maps
    cfg["defaults"] = dict(builtin.get("defaults") or {}, **(cfg.get("defaults") or {}))
    cfg["classification"] = dict(DEFAULT_CLASSIFICATION, **(cfg.get("classification") or {}))
    cfg["http"] = dict(DEFAULT_HTTP, **(cfg.get("http") or {}))
    cfg["limits"] = dict(DEFAULT_LIMITS, **(cfg.get("limits") or {}))
    cfg.setdefault("private", True)
    cfg.setdefault("trust_source_classification", False)
    prefix = str(cfg.get("resource_code_prefix") or re.sub(r"[^0-9A-Z]", "", cfg["name"].upper())[:8] or "H")
    if not re.match(r"^[0-9A-Z]{1,14}$", prefix):
        raise ConfigError(where, "resource_code_prefix 只能是 1-14 位数字或大写字母",
                          "resource_code_prefix must be 1-14 digits or capital letters")
    cfg["resource_code_prefix"] = prefix
    return cfg
