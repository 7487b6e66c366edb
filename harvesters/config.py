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
single entries of it. Nothing in a config is expanded from the environment.
Local files are read only inside a file-share root the sysadmin named
(``root:`` + a relative ``path:``, or ``url: share://<root>/<path>``; see
``places``); credentials only by a secret's name (``secret:``; see
``secrets``). ``load`` checks both, when a source is saved and when it runs.
"""
import copy
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import places
from . import secrets as secrets_mod

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


def builtin_mapping(kind):
    """The connector's own field mapping (``mappings/<type>.yaml``), or an empty one."""
    p = MAPPINGS / ("%s.yaml" % kind)
    if not p.is_file():
        return {}
    with open(p, encoding="utf-8") as f:
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
    if cfg["type"] not in TYPES:
        raise ConfigError(where, "未知的数据源类型 %r，可选：%s" % (cfg["type"], ", ".join(TYPES)),
                          "unknown source type %r; one of %s" % (cfg["type"], ", ".join(TYPES)))
    for key in ("base_dir", "root_path", "display", "credential"):     # set here, never given
        cfg.pop(key, None)
    for key in LOCATION_KEYS:
        if "${" in str(cfg.get(key) or ""):
            raise ConfigError(where, "%s 中的 ${...} 不会从环境变量展开；本地文件请用 root:，口令请用 secret:" % key,
                              "${...} in %s is not expanded from the environment; use root: for local "
                              "files and secret: for credentials" % key)
    try:
        secrets_mod.refuse_credentials(cfg, sql=cfg["type"] == "sql")
        if cfg["type"] == "sql":
            _database(cfg, roots, secrets)
        else:
            _location(cfg, roots)
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
    prefix = str(cfg.get("resource_code_prefix") or re.sub(r"[^0-9A-Z]", "", cfg["name"].upper())[:8] or "H")
    if not re.match(r"^[0-9A-Z]{1,14}$", prefix):
        raise ConfigError(where, "resource_code_prefix 只能是 1-14 位数字或大写字母",
                          "resource_code_prefix must be 1-14 digits or capital letters")
    cfg["resource_code_prefix"] = prefix
    return cfg


def _location(cfg, roots):  # noqa: C901 - one rule per line
    """A web source (http/https) or a place inside a file-share root; never a server path."""
    share = places.from_url(cfg.get("url"))
    if share:
        if cfg.get("root") or cfg.get("path"):
            raise places.PlaceError("url 为 share:// 时不能再填写 root 或 path",
                                    "with a share:// url, leave out root and path")
        cfg["root"], cfg["path"] = share
        cfg.pop("url")
    url = cfg.get("url")
    if url:
        if cfg.get("root") or cfg.get("path"):
            raise places.PlaceError("url 与 root/path 只能填写其一", "give either url or root/path, not both")
        if cfg["type"] == "files":
            raise places.PlaceError("文件共享数据源没有网址：请用 share://<根目录名称>/<路径>",
                                    "a file-share source has no web address: use share://<root>/<path>")
        if urlsplit(str(url)).scheme.lower() not in ("http", "https"):
            raise places.PlaceError(
                "地址 %s 不是 http(s) 网址；本地文件只能用 share://<根目录名称>/<路径>" % str(url)[:200],
                "%s is not an http(s) URL; local files are named share://<root>/<path>" % str(url)[:200])
        if "secret" in cfg:
            raise places.PlaceError("只有数据库数据源使用命名密钥 secret", "only database sources use a named secret")
        cfg["display"] = url
        return
    if not cfg.get("root") and cfg.get("path") is None:
        raise places.PlaceError("须填写 url（http/https），或 root 和 path（文件共享根目录内）",
                                "url (http/https), or root and path inside a file-share root, is required")
    if "secret" in cfg:
        raise places.PlaceError("只有数据库数据源使用命名密钥 secret", "only database sources use a named secret")
    cfg["path"] = _place(cfg, roots, cfg.get("path") or "")
    if cfg.get("manifest") is not None:
        places.check_relative(cfg["manifest"])


def _place(cfg, roots, rel):
    """The real path of ``rel`` inside the config's root (sets ``root_path`` and ``display``)."""
    root = str(cfg.get("root") or "")
    real = places.resolve(roots, root, rel, cfg.get("department"))
    cfg["root_path"] = roots[root].path
    cfg["display"] = places.to_url(root, rel)
    return real


def _database(cfg, roots, secrets):
    """A database URL without credentials (the password is a named secret); SQLite only in a root."""
    from sqlalchemy.engine import make_url

    if not cfg.get("url"):
        raise places.PlaceError("须填写数据库地址 url（SQLAlchemy URL）", "url (an SQLAlchemy URL) is required")
    try:
        url = make_url(str(cfg["url"]))
    except Exception:
        raise places.PlaceError("数据库地址 url 无法解析", "the database url does not parse")
    if url.password is not None:
        raise secrets_mod.use_secret("url")
    secrets_mod.check_sql_query(url.query)
    if url.get_backend_name() == "sqlite":
        if cfg.get("secret"):
            raise places.PlaceError("SQLite 数据库不需要 secret", "a SQLite database takes no secret")
        real = _place(cfg, roots, url.database or "")
        cfg["display"] = "sqlite:///" + (url.database or "") + " (%s)" % cfg["display"]
        cfg["url"] = "sqlite:///" + real
        return
    if cfg.get("root") or cfg.get("path"):
        raise places.PlaceError("只有 SQLite 数据库在文件共享根目录中", "only a SQLite database is in a file-share root")
    if not url.host or url.host.startswith("/"):
        raise places.PlaceError("数据库地址须写明主机名（不能用本机套接字）",
                                "the database url must name a host (not a local socket)")
    cfg["display"] = url.render_as_string(hide_password=True)
    if cfg.get("secret"):
        cfg["credential"] = secrets_mod.resolve(secrets, cfg["secret"], cfg.get("department"))
