"""A harvest source's YAML config, merged over the connector's built-in mapping.

A data officer writes one small file per source (see config/harvest/*.yaml)::

    name: cdc-datajson            # the source's name, unique in the catalog
    type: datajson                # a connector's kind: python -m govopen_harvesters.registry markdown
    url: https://data.cdc.gov/data.json    # or `path:` for a local file/folder
    department: cdc               # the owning department (CKAN organization)
    resource_code_prefix: CDC
    defaults:   {language: en}    # standard fields the source does not carry
    fields:     {...}             # override single fields of the built-in mapping
    value_maps: {...}             # extra source word -> code tables
    classification: {...}         # overrides of the conservative default below

The known types, each connector's config check (``origins``) and its built-in
mapping (YAML too: ``govopen_harvesters/mappings/<type>.yaml``) come from the
connectors' declarations (``registry``); a source's ``fields`` replace
single entries of the mapping. Nothing in a config is expanded from the environment.
Local files are read only inside a file-share root the sysadmin named
(``root:`` + a relative ``path:``, or ``url: share://<root>/<path>``; see
``places``); credentials only by a secret's name (``secret:``; see
``secrets``). ``load`` checks both, when a source is saved and when it runs.
"""
import copy
import re
from pathlib import Path

import yaml

from . import federation, places, registry

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

class ConfigError(ValueError):
    """A config that cannot be used; ``message`` has zh and en."""

    def __init__(self, where, zh, en):
        self.where = where
        self.message = {"zh": "配置 %s：%s" % (where, zh), "en": "config %s: %s" % (where, en)}
        super().__init__(self.message["en"])


def builtin_mapping(kind):
    """The connector's own field mapping (``mappings/<type>.yaml``), or an empty one."""
    try:
        path = registry.get(kind).mapping
    except KeyError:
        return {}
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def load(path_or_dict, roots=None, secrets=None, **overrides):
    """The effective config: the file (or dict), ``overrides`` on top, defaults filled in.

    ``roots`` (``{name: places.Root}``) are the file-share roots local files may
    come from, ``secrets`` (``{name: (value, departments)}``) the server's named
    secrets; without them a config that needs one is refused."""
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
    else:
        raw = copy.deepcopy(path_or_dict)
        where = str((raw or {}).get("name") or "<dict>")
    if not isinstance(raw, dict):
        raise ConfigError(where, "顶层必须是键值映射", "the top level must be a mapping")
    raw.update({k: v for k, v in overrides.items() if v is not None})
    return _complete(raw, where, roots, secrets)


#: Keys that name where a source's data is; none may take a value from the environment.
LOCATION_KEYS = ("url", "path", "root", "manifest", "secret")


def _complete(cfg, where, roots, secrets):
    for key in ("name", "type"):
        if not cfg.get(key):
            raise ConfigError(where, "缺少必填项 %s" % key, "missing required key %s" % key)
    kinds = registry.kinds()
    if cfg["type"] not in kinds:
        raise ConfigError(where, "未知的数据源类型 %r，可选：%s" % (cfg["type"], ", ".join(kinds)),
                          "unknown source type %r; one of %s" % (cfg["type"], ", ".join(kinds)))
    for key in ("base_dir", "root_path", "display", "credential"):     # set here, never given
        cfg.pop(key, None)
    for key in LOCATION_KEYS:
        if "${" in str(cfg.get(key) or ""):
            raise ConfigError(where, "%s 中的 ${...} 不会从环境变量展开；本地文件请用 root:，口令请用 secret:" % key,
                              "${...} in %s is not expanded from the environment; use root: for local "
                              "files and secret: for credentials" % key)
    try:
        registry.get(cfg["type"]).check(cfg, roots, secrets)    # credentials, where it reads
    except places.PlaceError as e:
        raise ConfigError(where, e.zh, e.en)

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
    _profile(cfg, where)
    prefix = str(cfg.get("resource_code_prefix") or re.sub(r"[^0-9A-Z]", "", cfg["name"].upper())[:8] or "H")
    if not re.match(r"^[0-9A-Z]{1,14}$", prefix):
        raise ConfigError(where, "resource_code_prefix 只能是 1-14 位数字或大写字母",
                          "resource_code_prefix must be 1-14 digits or capital letters")
    cfg["resource_code_prefix"] = prefix
    return cfg


def _profile(cfg, where):
    """``profile: govopen`` (a ``ckan_api`` source that is another govopen): the city's own
    classification, and only what the city opens is asked for (``federation``)."""
    profile = cfg.get("profile")
    if profile in (None, ""):
        cfg.pop("profile", None)
        return
    if profile not in federation.PROFILES or cfg["type"] != "ckan_api":
        raise ConfigError(where, "未知的数据源配置档 profile %r（ckan_api 类型可用：%s）"
                          % (profile, ", ".join(federation.PROFILES)),
                          "unknown profile %r (a ckan_api source may use: %s)"
                          % (profile, ", ".join(federation.PROFILES)))
    cfg["trust_source_classification"] = True
    cfg["fq"] = federation.crossing_fq(cfg.get("fq"))
