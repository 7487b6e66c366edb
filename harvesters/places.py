"""Where a source may read the server's own files: only under named roots.

A sysadmin lists the file-share roots of a deployment (in CKAN the option
``govopen.harvest.file_roots``)::

    demo=/srv/govopen/demo  transport@bj-transport,bj-stats=/srv/shares/transport

``name=/absolute/path``, optionally ``name@dept1,dept2=`` to let only those
departments' sources use the root. A source names a root and a path inside
it (``root: transport`` + ``path: 2024/manifest.yaml``, or the source URL
``share://transport/2024``); it never names a server path. Absolute paths,
``..`` and symlinks that resolve outside the root are refused, when the
source is saved and again for every file a run opens (``inside``).
"""
import os
import re
from collections import namedtuple
from urllib.parse import unquote, urlsplit

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
SCHEME = "share"

Root = namedtuple("Root", "name path departments")


class PlaceError(ValueError):
    """A root or a path that may not be used; ``zh`` and ``en`` say why."""

    def __init__(self, zh, en):
        self.zh, self.en = zh, en
        super().__init__(en)


def parse_roots(text):
    """``({name: Root}, [PlaceError])`` from the option's text (space or newline separated)."""
    roots, problems = {}, []
    for item in str(text or "").split():
        name, sep, path = item.partition("=")
        name, _, depts = name.partition("@")
        departments = frozenset(d for d in depts.split(",") if d) if depts else None
        if not sep or not NAME.match(name) or not os.path.isabs(path):
            problems.append(PlaceError(
                "文件共享根目录设置 %r 无效：应为 名称=/绝对路径（名称为小写字母、数字、-、_）" % item,
                "file-share root %r is not valid: expected name=/absolute/path (name: lowercase "
                "letters, digits, - and _)" % item))
            continue
        if name in roots:
            problems.append(PlaceError("文件共享根目录 %s 重复设置" % name,
                                       "file-share root %s is listed twice" % name))
            continue
        roots[name] = Root(name, os.path.realpath(path), departments)
    return roots, problems


def overlaps(path, other):
    """True when one of two real paths is the other or inside it."""
    return path == other or path.startswith(other.rstrip(os.sep) + os.sep) \
        or other.startswith(path.rstrip(os.sep) + os.sep)


def inside(root_path, candidate):
    """The real path of ``candidate`` if it is ``root_path`` or inside it, else None."""
    real = os.path.realpath(candidate)
    root = os.path.realpath(root_path)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return real
    return None


def open_inside(root_path, path):
    """Open (binary, read-only) a file ``inside`` found in the root, and check again
    what was opened: a symbolic link swapped in for the file or a folder between
    that check and this open (a department can write to its share) is refused,
    not followed out of the root."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        proc = "/proc/self/fd/%d" % fd
        opened = os.readlink(proc) if os.path.exists(proc) else os.path.realpath(path)
        if inside(root_path, opened) != opened:
            raise PlaceError("文件在检查后被替换为指向共享根目录之外的链接，已拒绝读取",
                             "the file was replaced by a link out of the file-share root after it "
                             "was checked; it was not read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def unsafe_root(root, forbidden):
    """A ``PlaceError`` when ``root`` contains (or is inside) a forbidden place, else None.

    ``forbidden`` are the places no source may ever read: CKAN's storage (every
    department's uploads), the state and secrets directories."""
    for place in forbidden:
        if place and overlaps(root.path, os.path.realpath(place)):
            return PlaceError(
                "文件共享根目录 %s 与服务器的存储或状态目录重叠，已停用" % root.name,
                "file-share root %s overlaps the server's storage or state directory; it is disabled"
                % root.name)
    return None


def from_url(url):
    """``(root, path)`` of a ``share://root/sub/path`` URL, else None."""
    if not isinstance(url, str) or not url.lower().startswith(SCHEME + "://"):
        return None
    parts = urlsplit(url)
    return parts.netloc, unquote(parts.path).lstrip("/")


def to_url(root, path):
    return "%s://%s/%s" % (SCHEME, root, str(path or "").lstrip("/"))


def names(roots, department=None):
    return sorted(r.name for r in roots.values() if allowed(r, department))


def allowed(root, department):
    return root.departments is None or department in root.departments


def check_relative(path):
    """Refuse a path that is not a plain relative path (absolute, ``..``, ``~``, a NUL)."""
    text = str(path)
    parts = re.split(r"[\\/]+", text)
    if (not text.strip() or os.path.isabs(text) or text.startswith(("~", "\\")) or "\x00" in text
            or ".." in parts or re.match(r"^[A-Za-z]:", text)):
        raise PlaceError(
            "路径 %r 须是文件共享根目录内的相对路径（不能是绝对路径，不能含 ..）" % text,
            "path %r must be a relative path inside the file-share root (not absolute, no ..)" % text)
    return text


def resolve(roots, name, path, department=None):
    """The real path of ``path`` inside the root ``name``; ``PlaceError`` if it may not be read."""
    available = ", ".join(names(roots or {}, department)) or "-"
    if not name:
        raise PlaceError(
            "本地文件只能从管理员设置的文件共享根目录读取：请用 root: <名称> 和相对路径 path，"
            "或地址 share://<名称>/<路径>（可用：%s）" % available,
            "local files are read only from a file-share root the sysadmin set: use root: <name> with a "
            "relative path, or the URL share://<name>/<path> (available: %s)" % available)
    root = (roots or {}).get(str(name))
    if root is None or not allowed(root, department):
        raise PlaceError("没有可供本部门使用的文件共享根目录 %s（可用：%s）" % (name, available),
                         "there is no file-share root %s for this department (available: %s)"
                         % (name, available))
    rel = check_relative(path or ".")
    real = inside(root.path, os.path.join(root.path, rel))
    if real is None:
        raise PlaceError("路径 %s 经符号链接指向文件共享根目录 %s 之外，已拒绝" % (rel, name),
                         "path %s leads outside the file-share root %s (a symbolic link); refused"
                         % (rel, name))
    return real
