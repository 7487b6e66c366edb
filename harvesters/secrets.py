"""Credentials stay apart from source configs: a config names a secret, the server holds it.

A source config never carries a password, token or API key: a URL with a
password (or, outside SQL, any user name), a query parameter or a config key
that looks like a credential is refused (``refuse_credentials``). A database
source names the server's secret instead::

    url: postgresql://reader@db.housing.example/permits
    secret: housing_db

The sysadmin keeps the secrets in one file that only the server's user may
read (mode 600; in CKAN the option ``govopen.harvest.secrets_file``), one per
line, ``name = value`` or ``name@dept1,dept2 = value`` (only those departments'
sources may use it). The value is resolved when the source runs
(``Credential``: its ``repr`` and ``str`` never show it) and put into the
connection only; it is never written into a config, a record or a message.
"""
import os
import re
import stat
from urllib.parse import parse_qsl, urlsplit

from .places import NAME, PlaceError, allowed

#: Config keys (at any depth) and URL query parameters that hold credentials.
CREDENTIAL = re.compile(
    r"(^|[_\-.])(password|passwd|pwd|pass|passphrase|token|secret|api[_-]?key|apikey|secret[_-]?key"
    r"|private[_-]?key|access[_-]?key|authorization|auth|credentials?|cookie|bearer|sig|signature)$", re.I)
#: Keys that only look like one: the standard's classification field.
NOT_CREDENTIAL = {"commercial_secret"}

#: Query parameters a database URL may carry; the others (a socket ``host``,
#: ``passfile``, ``sslkey``, ``read_default_file`` ...) make the driver read the
#: server's own files or sockets.
SQL_QUERY = {"sslmode", "charset", "connect_timeout", "application_name", "client_encoding"}

Secret = PlaceError          # same shape: ``zh`` and ``en``


class Credential:
    """A secret's value that does not show itself."""

    __slots__ = ("name", "value")

    def __init__(self, name, value):
        self.name, self.value = name, value

    def __repr__(self):
        return "<secret %s>" % self.name

    __str__ = __repr__

    def __deepcopy__(self, memo):
        return self


def use_secret(where):
    return Secret(
        "%s 含有口令或密钥。请勿在采集源配置中填写口令：请管理员把它存为服务器上的命名密钥，"
        "配置中写 secret: <名称>" % where,
        "%s holds a password or key. Do not put credentials in a source config: ask the sysadmin "
        "to store it as a named secret on the server and write secret: <name> in the config" % where)


def refuse_credentials(raw, sql=False):
    """Raise ``Secret`` when the config ``raw`` (or its URL) carries a credential."""
    url = raw.get("url")
    if isinstance(url, str) and url:
        check_url(url, sql)
    _keys(raw, "", top=True)
    name = raw.get("secret")
    if name is not None and not (isinstance(name, str) and NAME.match(name)):
        raise Secret("secret 须是服务器上命名密钥的名称（小写字母、数字、-、_），不是口令本身",
                     "secret must be the name of a secret on the server (lowercase letters, digits, "
                     "- and _), not the password itself")


def check_url(url, sql=False):
    try:
        parts = urlsplit(url)
        has_password = parts.password is not None
        has_user = parts.username is not None
    except ValueError:
        has_password = has_user = "@" in url
    if has_password or (has_user and not sql):
        raise use_secret("url")
    for key, _value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if CREDENTIAL.search(key) or key.lower() == "key":
            raise use_secret("url (%s=)" % key)


def _keys(value, where, top=False):
    if isinstance(value, dict):
        for k, v in value.items():
            here = "%s.%s" % (where, k) if where else str(k)
            if CREDENTIAL.search(str(k)) and k not in NOT_CREDENTIAL and not (top and k == "secret"):
                raise use_secret(here)
            _keys(v, here)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _keys(v, "%s[%d]" % (where, i))


def check_sql_query(query_keys):
    bad = sorted(k for k in query_keys if k not in SQL_QUERY)
    if bad:
        raise Secret("数据库地址不能带参数 %s（只允许 %s）" % (", ".join(bad), ", ".join(sorted(SQL_QUERY))),
                     "the database URL may not carry the parameter(s) %s (allowed: %s)"
                     % (", ".join(bad), ", ".join(sorted(SQL_QUERY))))


def parse_file(path):
    """``{name: (value, departments or None)}`` from the secrets file; ``Secret`` if it may not be used."""
    try:
        st = os.stat(path)
    except OSError:
        raise Secret("服务器的密钥文件不存在或无法读取", "the server's secrets file is missing or unreadable")
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise Secret("服务器的密钥文件权限过宽（应为 600），已拒绝使用",
                     "the server's secrets file may be read by others (it must be mode 600); not used")
    found = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            name, _, depts = key.strip().partition("@")
            if sep and NAME.match(name):
                found[name] = (value.strip(), frozenset(d for d in depts.split(",") if d) if depts else None)
    return found


class _Scope:
    def __init__(self, departments):
        self.departments = departments


def resolve(secrets, name, department=None):
    """The ``Credential`` named ``name`` for a source of ``department``."""
    entry = (secrets or {}).get(name)
    if entry is None or not allowed(_Scope(entry[1]), department):
        raise Secret("服务器上没有可供本部门使用的命名密钥 %s；请管理员添加" % name,
                     "the server has no secret named %s for this department; ask the sysadmin to add it"
                     % name)
    return Credential(name, entry[0])
