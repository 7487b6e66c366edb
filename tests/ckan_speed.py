"""Four costs CKAN's pytest plugin pays again for every test, removed for the
test process only (the product and the live servers of the browser tests are
untouched). Measured on one test that only asks for ``clean_all`` (profile of
tests/integration setup, 2026-12-04): most of its set-up and tear-down went to

1. ``inspect.stack()``: ``tk.add_template_directory``/``add_public_directory``/
   ``add_resource`` ask it for their caller's file name, and it reads the
   source line of every frame of pytest's deep stack, for each of the ~15
   calls of every plugin load and unload (``with_plugins`` loads and unloads
   all plugins around every test). Here it returns the same frames without
   their source lines (``code_context`` None).
2. ``importlib.metadata.entry_points``: ``ckan.plugins.core._get_service``
   scans every installed distribution's metadata for each plugin it loads;
   the installed entry points do not change during a run, so the lookup is
   kept (a new plugin instance is still made each time).
3. ``yaml.safe_load`` and ``msgspec.yaml.decode``: every load parses the
   same YAML again (CKAN's own config declaration, the plugins', ckanext-
   scheming's schemas, the web asset bundles);
   here each text is parsed once and a deep copy handed out, as a fresh
   parse would give.
4. the plugins' migrations (``migrate_db_for`` in ``clean_all``): alembic's
   upgrade reads every revision script even when the database is already at
   the head. Here a plugin already at its head (read from its version table)
   is left alone; anything else runs CKAN's upgrade as before.
"""
import copy
import functools
import inspect
import os
import sys

import pytest


def _stack(context=1):
    frames = []
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        frames.append(inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None))
        frame = frame.f_back
    return frames


_PARSED: dict = {}


def _yaml_once(safe_load):
    @functools.wraps(safe_load)
    def load(stream):
        text = stream.read() if hasattr(stream, "read") else stream
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if text not in _PARSED:
            _PARSED[text] = safe_load(text)
        return copy.deepcopy(_PARSED[text])
    return load


def _decode_once(decode):
    @functools.wraps(decode)
    def load(buf, **options):
        if options:
            return decode(buf, **options)
        key = buf if isinstance(buf, str) else bytes(buf)
        if key not in _PARSED:
            _PARSED[key] = decode(buf)
        return copy.deepcopy(_PARSED[key])
    return load


def install():
    """Called once, when the CKAN pytest plugin is in use (tests/conftest.py)."""
    import msgspec.yaml
    import yaml
    import ckan.plugins.core as plugins_core
    inspect.stack = _stack
    plugins_core.entry_points = functools.lru_cache(maxsize=None)(plugins_core.entry_points)
    yaml.safe_load = _yaml_once(yaml.safe_load)
    msgspec.yaml.decode = _decode_once(msgspec.yaml.decode)


_HEADS: dict = {}


def _at_head(plugin):
    """Whether ``<plugin>_alembic_version`` (the version table every plugin's
    migration env.py names) holds the plugin's one head revision."""
    import sqlalchemy as sa
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from ckan.cli.db import _resolve_alembic_config
    from ckan.model import ensure_engine
    if plugin not in _HEADS:
        _HEADS[plugin] = ScriptDirectory.from_config(Config(_resolve_alembic_config(plugin))).get_heads()
    table = f"{plugin}_alembic_version"
    with ensure_engine().connect() as conn:
        if not sa.inspect(conn).has_table(table):
            return False
        versions = [row[0] for row in conn.execute(sa.text(f'SELECT version_num FROM "{table}"'))]
    return sorted(versions) == sorted(_HEADS[plugin])


@pytest.fixture
def migrate_db_for():
    """CKAN's fixture of the same name, skipping a plugin already at its head."""
    from ckan.cli.db import _run_migrations

    def runner(plugin: str, version: str = "head", forward: bool = True):
        assert plugin, "Cannot apply migrations of unknown plugin"
        if forward and version == "head" and not os.environ.get("GOVOPEN_TEST_AS_CKAN") and _at_head(plugin):
            return
        _run_migrations(plugin, version, forward)

    return runner
