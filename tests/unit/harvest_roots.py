"""Config keys for connector tests that read local files: through a file-share root."""
import os

from govopen_harvesters import config, places


def root_of(folder, name="t", departments=None):
    """``{name: Root}`` for ``folder``."""
    return {name: places.Root(name, os.path.realpath(str(folder)), departments)}


def load_local(base, path=None, **kw):
    """``config.load`` of ``base`` reading ``path`` (default: ``base["path"]``, an absolute path)
    inside a root at its folder (a folder source: the folder itself)."""
    base = dict(base)
    path = os.path.abspath(str(path or base.pop("path")))
    folder = path if base.get("type") == "files" else os.path.dirname(path)
    rel = "." if folder == path else os.path.basename(path)
    base.update(root="t", path=rel)
    return config.load(base, roots=root_of(folder), **kw)
