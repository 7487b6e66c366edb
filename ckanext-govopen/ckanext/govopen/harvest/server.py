"""What only the sysadmin decides for harvest sources: file-share roots and named secrets.

``govopen.harvest.file_roots`` lists the roots local files may be read from
(``name=/absolute/path`` or ``name@dept1,dept2=/absolute/path``, space or
newline separated); ``govopen.harvest.secrets_file`` is a mode-600 file of
``name = value`` lines (``name@dept = value`` for one department's sources).
A source names a root or a secret; it never holds a path or a password.

A root that contains CKAN's storage (every department's uploads), the state
directory (where the ini and the secrets live) or the secrets file's folder,
or that lies inside the storage or the secrets folder, is never used: it is
dropped with an error in the log, at start-up and whenever roots are read.
"""
from __future__ import annotations

import logging
import os

import ckan.plugins.toolkit as tk

from govopen_harvesters import places
from govopen_harvesters import secrets as secrets_mod

log = logging.getLogger(__name__)

_reported: set = set()


def _error_once(text):
    if text not in _reported:
        _reported.add(text)
        log.error(text)


def _state_dirs() -> list:
    """Directories a root may never contain: where the ini lives, $GOVOPEN_STATE."""
    found = []
    ini = tk.config.get("__file__")
    if ini:
        found.append(os.path.dirname(os.path.abspath(ini)))
    if os.environ.get("GOVOPEN_STATE"):
        found.append(os.environ["GOVOPEN_STATE"])
    return found


def _private_dirs() -> list:
    """Directories a root may neither contain nor lie inside: the storage, the secrets' folder."""
    found = [tk.config.get("ckan.storage_path")]
    secrets_file = tk.config.get("govopen.harvest.secrets_file")
    if secrets_file:
        found.append(os.path.dirname(os.path.abspath(secrets_file)))
    return [p for p in found if p]


def unsafe(root) -> places.PlaceError | None:
    """Why ``root`` may not be used, or None."""
    contains = [os.path.realpath(p) for p in _state_dirs()]
    for place in contains:
        if root.path == place or place.startswith(root.path.rstrip(os.sep) + os.sep):
            return places.unsafe_root(root, [place])
    return places.unsafe_root(root, _private_dirs())


def roots() -> dict:
    """``{name: places.Root}``: the configured roots that are safe to read."""
    found, problems = places.parse_roots(tk.config.get("govopen.harvest.file_roots") or "")
    for problem in problems:
        _error_once("govopen.harvest.file_roots: %s" % problem.en)
    for name, root in list(found.items()):
        bad = unsafe(root)
        if bad is not None:
            _error_once("govopen.harvest.file_roots: %s" % bad.en)
            del found[name]
    return found


def secrets() -> dict:
    """The server's named secrets (empty when there is no usable secrets file)."""
    path = tk.config.get("govopen.harvest.secrets_file")
    if not path:
        return {}
    try:
        return secrets_mod.parse_file(path)
    except secrets_mod.Secret as e:
        _error_once("govopen.harvest.secrets_file: %s" % e.en)
        return {}
