"""Demo harvest sources: a new user sees harvesting at work after `make up`.

``config/demo/harvest/*.yaml`` describe three departmental systems: a SQLite
permit database (built here from ``housing.sql`` under
``$GOVOPEN_STATE/demo/``, the file-share root ``demo-db``), a file-share
folder with a manifest, and a ``data.json`` (root ``demo``: the roots are
the server's, ``govopen.harvest.file_roots`` in the ini scripts/govopen writes). Each becomes a ckanext-harvest source (listed at /harvest)
and runs one job in this process, with the content jobs inline, so the
datasets their sources want public are published as soon as every check
passes, and the others stay private with the gate's reasons on record.
Running it again over unchanged sources writes nothing.
"""
from __future__ import annotations

import glob
import os
import sqlite3


def state_dir() -> str:
    """Where the demo database lives (the stack's state folder)."""
    state = os.environ.get("GOVOPEN_STATE")
    if not state:
        import ckan.plugins.toolkit as tk
        storage = tk.config.get("ckan.storage_path") or "."
        state = os.path.dirname(os.path.abspath(storage))
    return state


def build_database(sql_path: str) -> str:
    """(Re)build the demo department database from its SQL script; returns its path.

    Built beside and renamed into place, so a harvest never reads half a file."""
    target_dir = os.path.join(state_dir(), "demo")
    os.makedirs(target_dir, exist_ok=True)
    target = os.path.join(target_dir, os.path.splitext(os.path.basename(sql_path))[0] + ".db")
    tmp = target + ".building"
    if os.path.exists(tmp):
        os.remove(tmp)
    with open(sql_path, encoding="utf-8") as f, sqlite3.connect(tmp) as conn:
        conn.executescript(f.read())
    conn.close()
    os.replace(tmp, target)
    return target


def run_sources(folder: str, echo=print) -> list:
    """Create/update every demo harvest source in ``folder``/harvest and run one job each.

    Returns the job reports (``JobReport.as_dict()``)."""
    from ckanext.govopen.harvest import job, sources
    from ckanext.govopen.harvest.importer import site_context

    harvest_dir = os.path.join(folder, "harvest")
    for sql_path in sorted(glob.glob(os.path.join(harvest_dir, "*.sql"))):
        build_database(sql_path)
    reports = []
    for path in sorted(glob.glob(os.path.join(harvest_dir, "*.yaml"))):
        source = sources.from_file(site_context(), path)
        report = job.run(source)
        echo(report.text())
        reports.append(report.as_dict())
    return reports
