"""Where a source type reads from, and what its config must then say.

Each connector names one origin in its ``SOURCE_TYPE`` (``registry``); the
config loader runs its ``check`` when a source is saved and when it runs:

- ``WEB_OR_SHARE``: an http(s) ``url``, or a place inside a file-share root
  (``root`` + ``path``, or ``url: share://<root>/<path>``);
- ``SHARE``: only a place inside a file-share root (no web address);
- ``DATABASE``: an SQLAlchemy ``url`` without a password (the password is a
  named ``secret``); a SQLite file only inside a file-share root.

A check refuses (``places.PlaceError``, ``zh`` and ``en``) what names a
server path or carries a credential, and sets ``display`` (what messages may
show), ``root_path`` and ``credential`` on the config.
"""
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from . import places
from . import secrets as secrets_mod

ONLY_DATABASES = ("只有数据库数据源使用命名密钥 secret", "only database sources use a named secret")


class Origin:
    """A web address (when ``web``) or a place inside a file-share root."""

    database = False

    def __init__(self, web, zh, en):
        self.web = web
        self.words = {"zh": zh, "en": en}

    def text(self, lang=None):
        if lang:
            return self.words["zh" if str(lang).lower().startswith("zh") else "en"]
        return "%s / %s" % (self.words["zh"], self.words["en"])

    def refuse_credentials(self, raw):
        """What the config alone shows: no password, token or key in it (or its URL)."""
        secrets_mod.refuse_credentials(raw, sql=self.database)

    def url_from_source(self, raw):
        """True when a harvest source's own URL is the config's ``url``."""
        return not (raw.get("root") or raw.get("path"))

    def check(self, cfg, roots, secrets):
        self.refuse_credentials(cfg)
        self._place(cfg, roots)

    def _place(self, cfg, roots):  # noqa: C901 - one rule per line
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
            if not self.web:
                raise places.PlaceError("文件共享数据源没有网址：请用 share://<根目录名称>/<路径>",
                                        "a file-share source has no web address: use share://<root>/<path>")
            if urlsplit(str(url)).scheme.lower() not in ("http", "https"):
                raise places.PlaceError(
                    "地址 %s 不是 http(s) 网址；本地文件只能用 share://<根目录名称>/<路径>" % str(url)[:200],
                    "%s is not an http(s) URL; local files are named share://<root>/<path>" % str(url)[:200])
            if "secret" in cfg:
                raise places.PlaceError(*ONLY_DATABASES)
            cfg["display"] = url
            return
        if not cfg.get("root") and cfg.get("path") is None:
            raise places.PlaceError("须填写 url（http/https），或 root 和 path（文件共享根目录内）",
                                    "url (http/https), or root and path inside a file-share root, is required")
        if "secret" in cfg:
            raise places.PlaceError(*ONLY_DATABASES)
        cfg["path"] = in_root(cfg, roots, cfg.get("path") or "")
        if cfg.get("manifest") is not None:
            places.check_relative(cfg["manifest"])


class Database(Origin):
    """A database server by URL (password: a named secret), or a SQLite file in a root."""

    database = True

    def __init__(self):
        super().__init__(False, "数据库（口令为服务器上的命名密钥）", "a database (its password a named secret on the server)")

    def url_from_source(self, raw):
        return True

    def check(self, cfg, roots, secrets):
        self.refuse_credentials(cfg)
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
            real = in_root(cfg, roots, url.database or "")
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


def in_root(cfg, roots, rel):
    """The real path of ``rel`` inside the config's root (sets ``root_path`` and ``display``)."""
    root = str(cfg.get("root") or "")
    real = places.resolve(roots, root, rel, cfg.get("department"))
    cfg["root_path"] = roots[root].path
    cfg["display"] = places.to_url(root, rel)
    return real


WEB_OR_SHARE = Origin(True, "网址（http/https）或文件共享根目录", "a web address (http/https) or a file-share root")
SHARE = Origin(False, "文件共享根目录", "a file-share root")
DATABASE = Database()
